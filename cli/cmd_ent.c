/* cmd_ent.c -- the entity commands: entities, entity, and the extraction
 * step that `cluster` and `ingest --cluster` run after placement. */
#include "cli.h"
#include "view.h"
#include "evalx.h"
#include "entity.h"
#include "entx.h"

#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------------
 * Extraction (after placement)
 * ---------------------------------------------------------------------- */

static int on_entx_progress(void *ud, const entx_stats *st) {
    if (*(int *)ud) fprintf(stderr, "\r\033[Kanalyzed %ld articles, %ld entities", st->articles, st->entities);
    return 0;
}


int cli_entities(store_t *s, const char *model, int reset, int quiet) {
    char buf[PATH_MAX];
    const char *path = ex_pick_model(model, buf, sizeof(buf));
    entx_stats st;
    tl_err e;
    err_clear(&e);
    int tty = !quiet && isatty(2);
    int rc = entx_run(s, path, reset, on_entx_progress, &tty, &st, &e);
    if (tty) fputs("\r\033[K", stderr);
    if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
    fprintf(stderr,
            "entities: analyzed %ld articles, %ld mentions, %ld new entities, %ld in all, "
            "%ld quotes, %ld events (%s; %.2f s)\n",
            st.articles, st.mentions, st.new_entities, st.entities, st.quotes, st.events,
            path ? path : "rules only: no NER model, see docs/ner.md", st.seconds);
    return EXIT_OK;
}

/* ------------------------------------------------------------------------
 * trilat entities
 * ---------------------------------------------------------------------- */

static const char ENTITIES_HELP[] =
    "usage: trilat entities [OPTIONS]\n"
    "\n"
    "List the entities (people, organizations, places, other names) found in\n"
    "the stored articles, most widely reported first, with the names the\n"
    "sources use for them. Entities are extracted by `trilat cluster`.\n"
    "\n"
    "Options:\n"
    "  --type T            PER, ORG, LOC or MISC only\n"
    "  -n, --limit N       at most N entities (default 50; 0: all)\n"
    "  --offset N          skip the first N\n"
    "  --json              JSON output\n";

/* "Zelensky (4), Zelenskyy (2)" from a counts array, into out. */
static void counts_text(json_t *arr, const char *field, char *out, size_t cap) {
    size_t k = 0, i;
    json_t *x;
    out[0] = '\0';
    json_array_foreach(arr, i, x) {
        if (k + 8 >= cap) break;
        k += (size_t)snprintf(out + k, cap - k, "%s%s (%lld)", i ? ", " : "",
                              json_string_value(json_object_get(x, field)),
                              (long long)json_integer_value(json_object_get(x, "count")));
    }
}

static int list_cb(void *ud, const store_entity_row *r) {
    (void)ud;
    json_t *o = view_entity_row(r);
    char al[300], ro[200];
    counts_text(json_object_get(o, "aliases"), "name", al, sizeof(al));
    counts_text(json_object_get(o, "roles"), "role", ro, sizeof(ro));
    printf("%6u  %-4s %-28s %4u art %5u men  %s%s%s\n", r->id, r->type, r->name, r->articles,
           r->mentions, r->country ? r->country : "", r->country ? "  " : "", ro);
    if (strchr(al, ',')) printf("        aka %s\n", al);
    json_decref(o);
    return 0;
}

int cmd_entities(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"type", required_argument, 0, 't'}, {"limit", required_argument, 0, 'n'},
        {"offset", required_argument, 0, 'o'}, CLI_COMMON_OPTS, {0, 0, 0, 0}};
    const char *type = NULL;
    long limit = 50, offset = 0, v;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hn:", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        switch (opt) {
        case 't':
            if (ent_type_parse(optarg) == ENT_NONE) {
                cli_usage_error("entities", "--type is PER, ORG, LOC or MISC, not '%s'", optarg);
                return EXIT_USAGE;
            }
            type = ent_type_name(ent_type_parse(optarg));
            break;
        case 'n': case 'o':
            if (cli_parse_long(optarg, &v) || v < 0) {
                cli_usage_error("entities", "expected a non-negative number, got '%s'", optarg);
                return EXIT_USAGE;
            }
            if (opt == 'n') limit = v;
            else offset = v;
            break;
        case 'h': fputs(ENTITIES_HELP, stdout); return EXIT_OK;
        default: fputs(ENTITIES_HELP, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_usage_error("entities", "unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    store_t *s;
    int x = cli_open_store(c, 0, &s);
    if (x != EXIT_OK) return x;
    json_t *arr = NULL;
    tl_err e;
    err_clear(&e);
    int rc = c->json ? view_entities(s, type, limit, offset, &arr, &e)
                     : store_list_entities(s, type, limit, offset, list_cb, NULL, &e);
    store_close(s);
    if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
    if (arr) cli_print_json(arr);
    return EXIT_OK;
}

/* ------------------------------------------------------------------------
 * trilat entity NAME
 * ---------------------------------------------------------------------- */

static const char ENTITY_HELP[] =
    "usage: trilat entity NAME|ID [OPTIONS]\n"
    "\n"
    "Show an entity: the names the sources use for it, its roles, what it\n"
    "said (quotes attributed to it), what it did or took part in (events),\n"
    "and the stories and articles that mention it. NAME matches spelling variants\n"
    "(\"Zelenskyy\" finds Volodymyr Zelensky) and last names; when several\n"
    "entities match, all are listed, the most mentioned first.\n"
    "\n"
    "Options:\n"
    "  -n, --limit N       at most N articles, N quotes and N events per entity (default 20;\n"
    "                      0: all)\n"
    "  --json              JSON output\n";

static void print_entity(json_t *o) {
    char al[1024], ro[512];
    counts_text(json_object_get(o, "aliases"), "name", al, sizeof(al));
    counts_text(json_object_get(o, "roles"), "role", ro, sizeof(ro));
    const char *country = json_string_value(json_object_get(o, "country"));
    const char *aff = json_string_value(json_object_get(o, "affiliation"));
    printf("entity %lld: %s (%s)\n", (long long)json_integer_value(json_object_get(o, "id")),
           json_string_value(json_object_get(o, "name")),
           json_string_value(json_object_get(o, "type")));
    printf("  %lld mentions in %lld articles%s%s%s%s\n",
           (long long)json_integer_value(json_object_get(o, "mentions")),
           (long long)json_integer_value(json_object_get(o, "articles")),
           country ? ", country " : "", country ? country : "", aff ? ", affiliation " : "",
           aff ? aff : "");
    printf("  names: %s\n", al);
    if (ro[0]) printf("  roles: %s\n", ro);
    json_t *st = json_object_get(o, "stories");
    if (json_object_size(st)) {
        printf("  stories:");
        const char *k;
        json_t *v;
        json_object_foreach(st, k, v) printf(" %s (%lld)", k, (long long)json_integer_value(v));
        printf("\n");
    }
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(o, "quotes"), i, a) {
        if (i == 0) printf("  quotes:\n");
        const char *t = json_string_value(json_object_get(a, "text"));
        const char *ch = json_string_value(json_object_get(a, "channel"));
        printf("    %-8s %.*s%s%s%s  [%s]\n", json_string_value(json_object_get(a, "kind")),
               t && strlen(t) > 160 ? 160 : (int)(t ? strlen(t) : 0), t ? t : "",
               t && strlen(t) > 160 ? "…" : "", ch ? "  — " : "", ch ? ch : "",
               json_string_value(json_object_get(a, "article")));
    }
    json_t *evs = json_object_get(o, "events");
    if (json_array_size(evs)) {
        printf("  events:\n");
        cli_print_events(evs, "    ");
    }
    json_array_foreach(json_object_get(o, "recent_articles"), i, a) {
        if (i == 0) printf("  articles:\n");
        const char *pub = json_string_value(json_object_get(a, "published"));
        const char *src = json_string_value(json_object_get(a, "source"));
        const char *title = json_string_value(json_object_get(a, "title"));
        printf("    %-28s %-10.10s %-18.18s %s\n", json_string_value(json_object_get(a, "id")),
               pub ? pub : "-", src ? src : "-", title ? title : "(untitled)");
    }
}

void cli_entity_key(const char *name, char *key, size_t cap) {
    geo_hit gh;
    if (geo_lookup(name, strlen(name), &gh) && (gh.kind == GEO_COUNTRY || gh.kind == GEO_DEMONYM))
        snprintf(key, cap, "geo:%s", gh.country->code);   /* "Ukrainian": Ukraine */
    else
        ent_name_key(name, strlen(name), key, cap);
}

int cmd_entity(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {{"limit", required_argument, 0, 'n'}, CLI_COMMON_OPTS,
                                         {0, 0, 0, 0}};
    long limit = 20, v;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hn:", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        switch (opt) {
        case 'n':
            if (cli_parse_long(optarg, &v) || v < 0) {
                cli_usage_error("entity", "expected a non-negative number, got '%s'", optarg);
                return EXIT_USAGE;
            }
            limit = v;
            break;
        case 'h': fputs(ENTITY_HELP, stdout); return EXIT_OK;
        default: fputs(ENTITY_HELP, stderr); return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        cli_usage_error("entity", "expected one NAME or ID");
        return EXIT_USAGE;
    }
    const char *name = argv[optind];
    store_t *s;
    int x = cli_open_store(c, 0, &s);
    if (x != EXIT_OK) return x;
    tl_err e;
    err_clear(&e);
    json_t *list;
    int rc = view_entity_find(s, name, &list, &e);
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o) {
        if (rc != TL_OK) break;
        rc = view_entity_details(s, o, limit, &e);
    }
    store_close(s);
    if (rc != TL_OK) { json_decref(list); cli_error(&e); return cli_exit_for(rc); }
    if (json_array_size(list) == 0) {
        json_decref(list);
        fprintf(stderr, "trilat: no entity named '%s'\n", name);
        return EXIT_NOTFOUND;
    }
    if (c->json) { cli_print_json(list); return EXIT_OK; }
    json_array_foreach(list, i, o) {
        if (i) printf("\n");
        print_entity(o);
    }
    json_decref(list);
    return EXIT_OK;
}
