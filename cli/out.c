/* out.c -- helpers shared by the CLI commands: store opening, errors,
 * argument parsing, JSON rendering of articles. */
#include "cli.h"
#include "date.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cli_exit_for(int rc) {
    switch (rc) {
    case TL_OK: return EXIT_OK;
    case TL_ENOTFOUND: return EXIT_NOTFOUND;
    case TL_EINVAL: return EXIT_USAGE;
    default: return EXIT_FAIL;
    }
}

void cli_error(const tl_err *e) {
    if (e->file[0] && e->line > 0)
        fprintf(stderr, "trilat: %s:%ld: %s\n", e->file, e->line, e->msg);
    else if (e->file[0])
        fprintf(stderr, "trilat: %s: %s\n", e->file, e->msg);
    else
        fprintf(stderr, "trilat: %s\n", e->msg[0] ? e->msg : err_name(e->code));
}

void cli_usage_error(const char *cmd, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "trilat %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'trilat %s --help'.\n", cmd);
}

int cli_open_store(cli_ctx *c, int create, store_t **s) {
    tl_err e;
    err_clear(&e);
    int rc = store_open(s, c->db, create ? STORE_CREATE : 0, &e);
    if (rc != TL_OK) {
        cli_error(&e);
        return cli_exit_for(rc);
    }
    return EXIT_OK;
}

int cli_parse_long(const char *s, long *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end) return -1;
    *out = v;
    return 0;
}

int cli_parse_when(const char *s, int64_t *ts) {
    date_val d;
    if (date_parse(s, &d) != TL_OK) return -1;
    *ts = d.ts;
    return 0;
}

int cli_common_opt(cli_ctx *c, int opt, const char *arg) {
    if (opt == 'D') { c->db = arg; return 1; }
    if (opt == 'J') { c->json = 1; return 1; }
    return 0;
}

json_t *cli_str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

const char *cli_jstr(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

int64_t cli_day_of(int64_t ts) { return ts / 86400 - (ts % 86400 < 0); }

static void set_str(json_t *o, const char *k, const char *v) {
    json_object_set_new(o, k, cli_str_or_null(v));
}

json_t *cli_art_json(const art_t *a, int with_text) {
    json_t *o = json_object();
    set_str(o, "id", a->id);
    set_str(o, "title", a->title);
    set_str(o, "source", a->source);
    set_str(o, "published", a->published);
    set_str(o, "url", a->url);
    set_str(o, "language", a->language);
    set_str(o, "hash", a->hash);
    set_str(o, "ingested_at", a->ingested_at);
    set_str(o, "origin", a->origin);
    json_t *extra = NULL;
    if (a->extra) extra = json_loads(a->extra, 0, NULL);
    json_object_set_new(o, "extra", extra ? extra : json_null());
    if (with_text && a->text) {
        set_str(o, "text", a->text);
        json_object_set_new(o, "text_bytes", json_integer((json_int_t)a->text_len));
    }
    return o;
}

void cli_print_json(json_t *j) {
    json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII * 0);
    fputc('\n', stdout);
    json_decref(j);
}

void cli_report(cli_reporter *r, int severity, const tl_err *e) {
    if (severity == ING_WARNING && r->quiet) return;
    if (r->messages >= CLI_MAX_MESSAGES) { r->suppressed++; return; }
    r->messages++;
    if (r->tty) fputs("\r\033[K", stderr);
    const char *w = severity == ING_WARNING ? "warning: " : "";
    if (e->line > 0) fprintf(stderr, "%s:%ld: %s%s\n", e->file, e->line, w, e->msg);
    else fprintf(stderr, "%s: %s%s\n", e->file, w, e->msg);
}

int cli_input_opt(const char *cmd, int opt, const char *arg, ing_opts *o) {
    long v;
    switch (opt) {
    case 'f':
        if (strcmp(arg, "jsonl") && strcmp(arg, "txt") && strcmp(arg, "html") &&
            strcmp(arg, "feed")) {
            cli_usage_error(cmd, "--format must be jsonl, txt, html or feed");
            return -1;
        }
        o->format = arg;
        return 1;
    case 'm':
        if (cli_parse_long(arg, &v) || v < 1) {
            cli_usage_error(cmd, "--max-record needs a positive byte count");
            return -1;
        }
        o->max_record = (size_t)v;
        return 1;
    default:
        return 0;
    }
}
