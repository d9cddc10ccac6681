/* entreg.c -- the entity registry (see entreg.h).
 *
 * Two hash indexes over the entities: (type, key) -> id, and, for persons
 * with a full name, last word of the key -> ids (to resolve a bare last
 * name and near-miss spellings). Both are open-addressing tables of ids
 * that grow at half load; the strings they hash live in the entities.
 */
#include "entreg.h"
#include "err.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

typedef struct {
    er_count *v;
    size_t n, cap;
} countvec;

typedef struct ent {
    ent_type type;
    char *key, *name, *country, *affiliation;
    uint32_t mentions, articles, last_story;
    uint32_t votes[5];         /* mentions per recognized type (ent_type) */
    countvec aliases, roles;
    int dirty;
} ent;

typedef struct {
    uint32_t *slots;           /* id, 0 empty */
    size_t cap, used;
} idtable;

typedef struct {
    uint32_t *v;
    uint32_t n, cap;
} idvec;

struct entreg {
    ent *e;                    /* 1-based; e[0] unused */
    uint32_t n, cap;
    idtable bykey;             /* (type, key) */
    idtable bylast;            /* PER last word -> slot into lastv */
    idvec *lastv;              /* one id list per distinct last word */
    char **lastw;              /* that word */
    uint32_t nlast, caplast;
    idvec *bystory;            /* story -> persons with a full name seen in it */
    uint32_t capstory;
};

/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

static char *dup_s(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p) memcpy(p, s, n + 1);
    return p;
}

static const char *last_word(const char *key) {
    const char *sp = strrchr(key, ' ');
    return sp ? sp + 1 : key;
}

static int count_add(countvec *c, const char *text, uint32_t k) {
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].text, text) == 0) { c->v[i].count += k; return TL_OK; }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 4;
        er_count *v = realloc(c->v, cap * sizeof(*v));
        if (!v) return TL_ENOMEM;
        c->v = v;
        c->cap = cap;
    }
    char *t = dup_s(text);
    if (!t) return TL_ENOMEM;
    c->v[c->n++] = (er_count){t, k};
    return TL_OK;
}

static void count_free(countvec *c) {
    for (size_t i = 0; i < c->n; i++) free((char *)c->v[i].text);
    free(c->v);
}

static uint64_t key_hash(ent_type t, const char *key) {
    return XXH3_64bits(key, strlen(key)) ^ ((uint64_t)t * 0x9E3779B97F4A7C15ULL);
}

/* ------------------------------------------------------------------------
 * Indexes
 * ---------------------------------------------------------------------- */

static int table_grow(entreg *r, idtable *t, int bykey);

static uint64_t slot_hash(const entreg *r, uint32_t id, int bykey) {
    return bykey ? key_hash(r->e[id].type, r->e[id].key) : XXH3_64bits(r->lastw[id - 1], strlen(r->lastw[id - 1]));
}

static int table_put(entreg *r, idtable *t, uint32_t id, int bykey) {
    if ((t->used + 1) * 2 > t->cap && table_grow(r, t, bykey) != TL_OK) return TL_ENOMEM;
    size_t mask = t->cap - 1, i = (size_t)slot_hash(r, id, bykey) & mask;
    while (t->slots[i]) i = (i + 1) & mask;
    t->slots[i] = id;
    t->used++;
    return TL_OK;
}

static int table_grow(entreg *r, idtable *t, int bykey) {
    size_t cap = t->cap ? t->cap * 2 : 1024;
    uint32_t *old = t->slots;
    size_t oldcap = t->cap;
    t->slots = calloc(cap, sizeof(uint32_t));
    if (!t->slots) { t->slots = old; return TL_ENOMEM; }
    t->cap = cap;
    t->used = 0;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i]) {
            size_t j = (size_t)slot_hash(r, old[i], bykey) & (cap - 1);
            while (t->slots[j]) j = (j + 1) & (cap - 1);
            t->slots[j] = old[i];
            t->used++;
        }
    free(old);
    return TL_OK;
}

static uint32_t find_key(const entreg *r, ent_type type, const char *key) {
    if (!r->bykey.cap) return 0;
    size_t mask = r->bykey.cap - 1, i = (size_t)key_hash(type, key) & mask;
    for (uint32_t id; (id = r->bykey.slots[i]) != 0; i = (i + 1) & mask)
        if (r->e[id].type == type && strcmp(r->e[id].key, key) == 0) return id;
    return 0;
}

/* The id list of last word w (NULL if none). */
static idvec *find_last(const entreg *r, const char *w) {
    if (!r->bylast.cap) return NULL;
    size_t mask = r->bylast.cap - 1, i = (size_t)XXH3_64bits(w, strlen(w)) & mask;
    for (uint32_t s; (s = r->bylast.slots[i]) != 0; i = (i + 1) & mask)
        if (strcmp(r->lastw[s - 1], w) == 0) return &r->lastv[s - 1];
    return NULL;
}

/* Append id to v. */
static int idvec_push(idvec *v, uint32_t id) {
    if (v->n == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2 : 4;
        uint32_t *x = realloc(v->v, cap * sizeof(uint32_t));
        if (!x) return TL_ENOMEM;
        v->v = x;
        v->cap = cap;
    }
    v->v[v->n++] = id;
    return TL_OK;
}

/* Append id to v unless it is there already (short lists). */
static int idvec_add(idvec *v, uint32_t id) {
    for (uint32_t i = 0; i < v->n; i++)
        if (v->v[i] == id) return TL_OK;
    return idvec_push(v, id);
}

static int index_last(entreg *r, uint32_t id) {
    const char *w = last_word(r->e[id].key);
    idvec *v = find_last(r, w);
    if (!v) {
        if (r->nlast == r->caplast) {
            uint32_t cap = r->caplast ? r->caplast * 2 : 256;
            idvec *lv = realloc(r->lastv, cap * sizeof(*lv));
            if (!lv) return TL_ENOMEM;
            r->lastv = lv;
            char **lw = realloc(r->lastw, cap * sizeof(*lw));
            if (!lw) return TL_ENOMEM;
            r->lastw = lw;
            r->caplast = cap;
        }
        if (!(r->lastw[r->nlast] = dup_s(w))) return TL_ENOMEM;
        r->lastv[r->nlast] = (idvec){NULL, 0, 0};
        r->nlast++;
        if (table_put(r, &r->bylast, r->nlast, 0) != TL_OK) return TL_ENOMEM;
        v = &r->lastv[r->nlast - 1];
    }
    return idvec_push(v, id);             /* a new entity: never listed yet */
}

/* ------------------------------------------------------------------------
 * Entities
 * ---------------------------------------------------------------------- */

entreg *er_new(void) {
    entreg *r = calloc(1, sizeof(*r));
    if (!r) return NULL;
    r->cap = 256;
    r->e = calloc(r->cap, sizeof(ent));
    if (!r->e) { free(r); return NULL; }
    return r;
}

void er_free(entreg *r) {
    if (!r) return;
    for (uint32_t i = 1; i <= r->n; i++) {
        ent *e = &r->e[i];
        free(e->key);
        free(e->name);
        free(e->country);
        free(e->affiliation);
        count_free(&e->aliases);
        count_free(&e->roles);
    }
    free(r->e);
    for (uint32_t i = 0; i < r->nlast; i++) { free(r->lastv[i].v); free(r->lastw[i]); }
    free(r->lastv);
    free(r->lastw);
    for (uint32_t i = 0; i < r->capstory; i++) free(r->bystory[i].v);
    free(r->bystory);
    free(r->bykey.slots);
    free(r->bylast.slots);
    free(r);
}

static uint32_t new_entity(entreg *r, ent_type type, const char *key, const char *name) {
    if (r->n + 1 == r->cap) {
        uint32_t cap = r->cap * 2;
        ent *v = realloc(r->e, cap * sizeof(ent));
        if (!v) return 0;
        memset(v + r->cap, 0, (cap - r->cap) * sizeof(ent));
        r->e = v;
        r->cap = cap;
    }
    uint32_t id = r->n + 1;
    ent *e = &r->e[id];
    memset(e, 0, sizeof(*e));
    e->type = type;
    e->key = dup_s(key);
    e->name = dup_s(name);
    if (!e->key || !e->name) { free(e->key); free(e->name); return 0; }
    r->n = id;
    e->dirty = 1;
    if (table_put(r, &r->bykey, id, 1) != TL_OK) return 0;
    if (type == ENT_PER && strchr(key, ' ') && index_last(r, id) != TL_OK) return 0;
    return id;
}

/* A person by one word: see entreg.h, rule 2. */
static uint32_t resolve_surname(const entreg *r, const char *key, uint32_t story) {
    idvec *v = find_last(r, key);
    if (!v || v->n == 0) return 0;
    if (v->n == 1) return v->v[0];
    uint32_t best = 0, total = 0;
    for (uint32_t i = 0; i < v->n; i++) {
        const ent *e = &r->e[v->v[i]];
        if (story && e->last_story == story) return v->v[i];
        total += e->mentions;
        if (!best || e->mentions > r->e[best].mentions) best = v->v[i];
    }
    uint32_t others = total - r->e[best].mentions;
    return r->e[best].mentions >= ER_DOMINANT * (others ? others : 1) ? best : 0;
}

/* Is a within one edit (insert, delete, substitute) of b? */
static int within_one(const char *a, const char *b) {
    size_t n = strlen(a), m = strlen(b);
    if (n < m) { const char *t = a; a = b; b = t; size_t x = n; n = m; m = x; }
    if (n - m > 1) return 0;
    size_t i = 0;
    while (i < m && a[i] == b[i]) i++;
    if (i == m) return 1;                           /* equal, or one more at the end */
    if (n == m) return strcmp(a + i + 1, b + i + 1) == 0;   /* substitution */
    return strcmp(a + i + 1, b + i) == 0;            /* a has one more letter */
}


/* Remember that person id (with a full name) was seen in story. */
static int note_story(entreg *r, uint32_t story, uint32_t id) {
    if (!story) return TL_OK;
    if (story >= r->capstory) {
        uint32_t cap = r->capstory ? r->capstory : 1024;
        while (cap <= story) cap *= 2;
        idvec *v = realloc(r->bystory, cap * sizeof(idvec));
        if (!v) return TL_ENOMEM;
        memset(v + r->capstory, 0, (cap - r->capstory) * sizeof(idvec));
        r->bystory = v;
        r->capstory = cap;
    }
    return idvec_add(&r->bystory[story], id);
}

/* A full name one letter away from a person of the same story with the
 * same first name ("Dmitry Medvedev" / "Dmitry Medvedyev"): last names of
 * 6+ letters only, and only within one story, where two such names are
 * one person far more often than two. */
static uint32_t resolve_near(const entreg *r, const char *key, uint32_t story) {
    const char *sp = strchr(key, ' ');
    const char *last = last_word(key);
    if (!story || story >= r->capstory || !sp || strlen(last) < 6) return 0;
    size_t fn = (size_t)(sp - key);
    const idvec *v = &r->bystory[story];
    for (uint32_t i = 0; i < v->n; i++) {
        const ent *e = &r->e[v->v[i]];
        if (e->type != ENT_PER || strncmp(e->key, key, fn) != 0 || e->key[fn] != ' ') continue;
        const char *el = last_word(e->key);
        if (strlen(el) >= 6 && within_one(el, last)) return v->v[i];
    }
    return 0;
}

/* Change an entity's type: its slot in the key table moves. */
static void retype(entreg *r, uint32_t id, ent_type type) {
    idtable *t = &r->bykey;
    size_t mask = t->cap - 1, i = (size_t)key_hash(r->e[id].type, r->e[id].key) & mask;
    while (t->slots[i] != id) i = (i + 1) & mask;
    /* backward-shift deletion keeps the probe runs intact */
    for (size_t j = i;;) {
        t->slots[i] = 0;
        for (;;) {
            j = (j + 1) & mask;
            if (!t->slots[j]) goto removed;
            size_t h = (size_t)slot_hash(r, t->slots[j], 1) & mask;
            if (i <= j ? (i < h && h <= j) : (i < h || h <= j)) continue;
            break;
        }
        t->slots[i] = t->slots[j];
        i = j;
    }
removed:
    t->used--;
    int was_person = r->e[id].type == ENT_PER;
    r->e[id].type = type;
    table_put(r, t, id, 1);          /* the table only shrank: no growth, no failure */
    if (type == ENT_PER && !was_person) index_last(r, id);   /* on ENOMEM: just not found by last name */
}

/* A multi-word name typed differently by the recognizer in different
 * articles ("Yuri Ushakov" as a person here, an organization there) is
 * one entity; its type is the one most of its mentions got. */
static uint32_t find_any_type(const entreg *r, const char *key) {
    static const ent_type order[] = {ENT_PER, ENT_ORG, ENT_LOC, ENT_MISC};
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        uint32_t id = find_key(r, order[i], key);
        if (id) return id;
    }
    return 0;
}

int er_add_article(entreg *r, const char *text, const ent_doc *d, uint32_t story, uint32_t *ids) {
    for (size_t i = 0; i < d->ne; i++) {
        const ent_local *l = &d->e[i];
        int multi = strchr(l->key, ' ') && strncmp(l->key, "geo:", 4) != 0;
        uint32_t id = multi ? find_any_type(r, l->key) : find_key(r, l->type, l->key);
        if (!id && l->type == ENT_PER && !strchr(l->key, ' ')) id = resolve_surname(r, l->key, story);
        if (!id && l->type == ENT_PER && multi) id = resolve_near(r, l->key, story);
        if (!id && !(id = new_entity(r, l->type, l->key, l->name))) return TL_ENOMEM;
        ent *e = &r->e[id];
        if (e->type == ENT_PER && strchr(e->key, ' ') && note_story(r, story, id) != TL_OK)
            return TL_ENOMEM;
        if ((unsigned)l->type < 5) e->votes[l->type] += l->mentions;
        if (multi && e->votes[l->type] > e->votes[e->type] && l->type != e->type)
            retype(r, id, l->type);
        e->mentions += l->mentions;
        e->articles++;
        e->last_story = story;
        e->dirty = 1;
        if (!e->country && l->country && !(e->country = dup_s(l->country->code))) return TL_ENOMEM;
        if (!e->affiliation && l->affiliation && !(e->affiliation = dup_s(l->affiliation)))
            return TL_ENOMEM;
        if (l->role && count_add(&e->roles, l->role, 1) != TL_OK) return TL_ENOMEM;
        ids[i] = id;
    }
    /* written forms */
    for (size_t k = 0; k < d->nm; k++) {
        const ent_mention *m = &d->m[k];
        char form[128];
        size_t n = m->end - m->start < sizeof(form) - 1 ? m->end - m->start : sizeof(form) - 1;
        memcpy(form, text + m->start, n);
        form[n] = '\0';
        ent *e = &r->e[ids[m->entity]];
        if (count_add(&e->aliases, form, 1) != TL_OK) return TL_ENOMEM;
    }
    /* canonical name: the most frequent form, full names first for persons */
    for (size_t i = 0; i < d->ne; i++) {
        ent *e = &r->e[ids[i]];
        if (strncmp(e->key, "geo:", 4) == 0) continue;   /* a country keeps its name */
        const er_count *best = NULL;
        for (size_t a = 0; a < e->aliases.n; a++) {
            const er_count *c = &e->aliases.v[a];
            int full = strchr(c->text, ' ') != NULL, bfull = best && strchr(best->text, ' ') != NULL;
            if (!best || (e->type == ENT_PER && full && !bfull) ||
                ((e->type != ENT_PER || full == bfull) && c->count > best->count))
                best = c;
        }
        if (best && strcmp(best->text, e->name) != 0) {
            char *nm = dup_s(best->text);
            if (!nm) return TL_ENOMEM;
            free(e->name);
            e->name = nm;
        }
    }
    return TL_OK;
}

/* ------------------------------------------------------------------------
 * State and access
 * ---------------------------------------------------------------------- */

int er_restore(entreg *r, const er_entity *x) {
    if (x->id != r->n + 1) return TL_EINVAL;
    uint32_t id = new_entity(r, x->type, x->key, x->name);
    if (!id) return TL_ENOMEM;
    ent *e = &r->e[id];
    e->mentions = x->mentions;
    if ((unsigned)x->type < 5) e->votes[x->type] = x->mentions;
    if (x->type == ENT_PER && strchr(x->key, ' ') && note_story(r, x->last_story, id) != TL_OK)
        return TL_ENOMEM;
    e->articles = x->articles;
    e->last_story = x->last_story;
    e->dirty = 0;
    if ((x->country && !(e->country = dup_s(x->country))) ||
        (x->affiliation && !(e->affiliation = dup_s(x->affiliation))))
        return TL_ENOMEM;
    return TL_OK;
}

int er_restore_alias(entreg *r, uint32_t id, const char *alias, uint32_t count) {
    if (id == 0 || id > r->n) return TL_EINVAL;
    return count_add(&r->e[id].aliases, alias, count);
}

int er_restore_role(entreg *r, uint32_t id, const char *role, uint32_t count) {
    if (id == 0 || id > r->n) return TL_EINVAL;
    return count_add(&r->e[id].roles, role, count);
}

uint32_t er_count_entities(const entreg *r) { return r->n; }

int er_get(const entreg *r, uint32_t id, er_entity *out) {
    if (id == 0 || id > r->n) return 0;
    const ent *e = &r->e[id];
    *out = (er_entity){id, e->type, e->key, e->name, e->country, e->affiliation, e->mentions,
                       e->articles, e->last_story, e->aliases.v, e->aliases.n, e->roles.v,
                       e->roles.n};
    return 1;
}

size_t er_take_dirty(entreg *r, uint32_t *out) {
    size_t k = 0;
    for (uint32_t i = 1; i <= r->n; i++)
        if (r->e[i].dirty) { out[k++] = i; r->e[i].dirty = 0; }
    return k;
}
