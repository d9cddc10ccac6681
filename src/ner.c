/* ner.c -- NER models: tagging tokens and raw text, the model file
 * (see ner.h; training is in ner_train.c, features in ner_feat.c).
 *
 * Model file, all integers little-endian:
 *
 *   0   8  magic "TLNERMDL"
 *   8   4  version (2)
 *   12  4  log2 of the number of weight rows (20)
 *   16  4  labels per row (9)
 *   20  4  non-zero rows stored
 *   24  4  scale (IEEE float): weight = int16 value * scale
 *   28  8  payload size, uncompressed
 *   36  8  payload size, compressed
 *   44  8  XXH3_64bits of the uncompressed payload
 *   52     zstd-compressed payload: per non-zero row, in row order, the
 *          LEB128 gap from the previous row (+1), then 9 int16 weights
 *
 * Loading checks every size against the file and the checksum before any
 * weight is used, so a damaged file is an error, never a crash.
 */
#include "ner_impl.h"
#include "sent.h"
#include "tok.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include <zstd.h>

#define NER_MAGIC "TLNERMDL"
#define NER_VERSION 2u
#define NER_HDR 52
#define NER_FILE_MAX (512u << 20)
#define NER_PIECE 1000    /* longer "sentences" (no punctuation) are tagged in pieces */

static const char *const TYPE_NAMES[NER_NTYPES] = {"O", "PER", "ORG", "LOC", "MISC"};

const char *ner_type_name(ner_type t) {
    return (unsigned)t < NER_NTYPES ? TYPE_NAMES[t] : "?";
}

/* ------------------------------------------------------------------------
 * Model memory
 * ---------------------------------------------------------------------- */

ner_model *ner_model_new(void) {
    ner_model *m = malloc(sizeof(*m));
    if (!m) return NULL;
    m->w = calloc((size_t)NER_SLOTS * NER_NLAB, sizeof(float));
    if (!m->w) { free(m); return NULL; }
    m->id = 0;
    return m;
}

uint64_t ner_model_id(const ner_model *m) { return m ? m->id : 0; }

void ner_model_free(ner_model *m) {
    if (!m) return;
    free(m->w);
    free(m);
}

/* ------------------------------------------------------------------------
 * Tagging
 * ---------------------------------------------------------------------- */

int ner_tag_tokens(const ner_model *m, const char *const *words, const size_t *lens, size_t n,
                   ner_type *types, int *begins) {
    if (n == 0) return TL_OK;
    ner_sentfeat sf = {0};
    uint8_t *labs = malloc(n);
    int rc = labs ? ner_sentfeat_build(&sf, words, lens, n) : TL_ENOMEM;
    if (rc == TL_OK) {
        ner_decode(m->w, &sf, labs);
        for (size_t i = 0; i < n; i++) {
            types[i] = ner_lab_type(labs[i]);
            begins[i] = ner_lab_begin(labs[i]);
        }
    }
    free(labs);
    ner_sentfeat_free(&sf);
    return rc;
}

static int spans_push(ner_spans *s, size_t start, size_t end, ner_type t) {
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        ner_span *v = realloc(s->v, cap * sizeof(*v));
        if (!v) return TL_ENOMEM;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = (ner_span){start, end, t};
    return TL_OK;
}

void ner_spans_free(ner_spans *s) {
    free(s->v);
    memset(s, 0, sizeof(*s));
}

/* The words of one sentence of n tokens. The tokenizer splits "Mr." and
 * "St." into a word and a period; CoNLL (the training data) keeps such
 * abbreviations whole, so a short capitalized word directly followed by a
 * period that does not end the sentence is one word here. Returns the
 * number of words. */
static size_t sentence_words(const char *text, const tok_t *t, size_t n, const char **words,
                             size_t *lens, size_t *starts) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        size_t start = t[i].start, end = t[i].end;
        if ((t[i].flags & TOK_CAP) && !(t[i].flags & TOK_ABBR) && end - start <= 4 &&
            i + 2 < n && t[i + 1].start == end && t[i + 1].end == end + 1 && text[end] == '.') {
            end++;   /* "Mr" "." -> "Mr." (not at the end of the sentence) */
            i++;
        }
        words[m] = text + start;
        lens[m] = end - start;
        starts[m++] = start;
    }
    return m;
}

int ner_tag_text(const ner_model *m, const char *text, size_t len, ner_spans *out) {
    tok_list toks = TOK_LIST_INIT;
    sent_list sents = SENT_LIST_INIT;
    ner_sentfeat sf = {0};
    const char **words = NULL;
    size_t *lens = NULL, *starts = NULL;
    uint8_t *labs = NULL;
    size_t cap = 0;
    int rc = tok_text(text, len, &toks);
    if (rc == TL_OK) rc = sent_split(text, len, &sents);
    size_t j = 0;
    for (size_t s = 0; rc == TL_OK && s < sents.n; s++) {
        while (j < toks.n && toks.v[j].start < sents.v[s].start) j++;
        size_t first = j;
        while (j < toks.n && toks.v[j].start < sents.v[s].end && j - first < NER_PIECE) j++;
        if (j < toks.n && toks.v[j].start < sents.v[s].end) s--;   /* the rest next time */
        size_t n = j - first;
        if (n == 0) continue;
        if (n > cap) {
            cap = n * 2;
            const char **nw = realloc(words, cap * sizeof(*nw));
            if (nw) words = nw;
            size_t *nl = realloc(lens, cap * sizeof(*nl));
            if (nl) lens = nl;
            size_t *ns = realloc(starts, cap * sizeof(*ns));
            if (ns) starts = ns;
            uint8_t *nb = realloc(labs, cap);
            if (nb) labs = nb;
            if (!nw || !nl || !ns || !nb) { rc = TL_ENOMEM; break; }
        }
        n = sentence_words(text, toks.v + first, n, words, lens, starts);
        if ((rc = ner_sentfeat_build(&sf, words, lens, n)) != TL_OK) break;
        ner_decode(m->w, &sf, labs);
        for (size_t i = 0; i < n && rc == TL_OK; i++) {
            if (!ner_lab_begin(labs[i])) continue;
            size_t k = i + 1;
            while (k < n && labs[k] == labs[i] + 1) k++;
            rc = spans_push(out, starts[i], starts[k - 1] + lens[k - 1], ner_lab_type(labs[i]));
            i = k - 1;
        }
    }
    free(words);
    free(lens);
    free(starts);
    free(labs);
    ner_sentfeat_free(&sf);
    tok_list_free(&toks);
    sent_list_free(&sents);
    return rc;
}

/* ------------------------------------------------------------------------
 * Model file
 * ---------------------------------------------------------------------- */

static void put32(unsigned char *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static void put64(unsigned char *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static uint32_t get32(const unsigned char *p) {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v |= (uint32_t)p[i] << (8 * i);
    return v;
}
static uint64_t get64(const unsigned char *p) {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)p[i] << (8 * i);
    return v;
}

int ner_model_save(const ner_model *m, const char *path, tl_err *e) {
    const size_t nw = (size_t)NER_SLOTS * NER_NLAB;
    float maxabs = 0;
    for (size_t i = 0; i < nw; i++)
        if (fabsf(m->w[i]) > maxabs) maxabs = fabsf(m->w[i]);
    float scale = maxabs > 0 ? maxabs / 32767.0f : 1.0f;
    /* payload: at most 5 bytes of gap + 18 of weights per row */
    unsigned char *raw = malloc((size_t)NER_SLOTS * (5 + 2 * NER_NLAB));
    if (!raw) return err_set(e, TL_ENOMEM, "out of memory saving the NER model");
    size_t rn = 0;
    uint32_t rows = 0, prev = 0;
    for (uint32_t r = 0; r < NER_SLOTS; r++) {
        int16_t q[NER_NLAB];
        int any = 0;
        for (int l = 0; l < NER_NLAB; l++) {
            q[l] = (int16_t)lrintf(m->w[(size_t)r * NER_NLAB + l] / scale);
            any |= q[l] != 0;
        }
        if (!any) continue;
        uint32_t gap = r - prev + (rows ? 0 : 1);   /* first row: r + 1 */
        prev = r;
        rows++;
        do {
            raw[rn++] = (unsigned char)((gap & 0x7f) | (gap > 0x7f ? 0x80 : 0));
            gap >>= 7;
        } while (gap);
        for (int l = 0; l < NER_NLAB; l++) {
            raw[rn++] = (unsigned char)((uint16_t)q[l] & 0xff);
            raw[rn++] = (unsigned char)((uint16_t)q[l] >> 8);
        }
    }
    size_t bound = ZSTD_compressBound(rn);
    unsigned char *buf = malloc(NER_HDR + bound);
    if (!buf) { free(raw); return err_set(e, TL_ENOMEM, "out of memory saving the NER model"); }
    size_t cn = ZSTD_compress(buf + NER_HDR, bound, raw, rn, 9);
    if (ZSTD_isError(cn)) {
        free(raw);
        free(buf);
        return err_set(e, TL_ERR, "zstd: %s", ZSTD_getErrorName(cn));
    }
    uint32_t sbits;
    memcpy(&sbits, &scale, 4);
    memcpy(buf, NER_MAGIC, 8);
    put32(buf + 8, NER_VERSION);
    put32(buf + 12, NER_SLOTS_LOG2);
    put32(buf + 16, NER_NLAB);
    put32(buf + 20, rows);
    put32(buf + 24, sbits);
    put64(buf + 28, rn);
    put64(buf + 36, cn);
    put64(buf + 44, XXH3_64bits(raw, rn));
    free(raw);

    size_t tl = strlen(path) + 8;
    char *tmp = malloc(tl);
    if (!tmp) { free(buf); return err_set(e, TL_ENOMEM, "out of memory"); }
    snprintf(tmp, tl, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    int rc = TL_OK;
    if (!f) rc = err_set(e, TL_EIO, "%s: %s", tmp, strerror(errno));
    else {
        int bad = fwrite(buf, 1, NER_HDR + cn, f) != NER_HDR + cn;
        bad |= fclose(f) != 0;
        if (bad || rename(tmp, path) != 0) {
            rc = err_set(e, TL_EIO, "%s: %s", path, strerror(errno));
            remove(tmp);
        }
    }
    free(tmp);
    free(buf);
    return rc;
}

static int parse_payload(ner_model *m, const unsigned char *raw, size_t rn, uint32_t rows,
                         float scale) {
    size_t p = 0;
    uint64_t r = 0;
    for (uint32_t k = 0; k < rows; k++) {
        uint64_t gap = 0;
        int sh = 0;
        for (;;) {
            if (p >= rn || sh > 28) return -1;
            unsigned char b = raw[p++];
            gap |= (uint64_t)(b & 0x7f) << sh;
            sh += 7;
            if (!(b & 0x80)) break;
        }
        if (k == 0) {
            if (gap == 0) return -1;
            r = gap - 1;
        } else {
            if (gap == 0) return -1;
            r += gap;
        }
        if (r >= NER_SLOTS || rn - p < 2 * NER_NLAB) return -1;
        for (int l = 0; l < NER_NLAB; l++, p += 2)
            m->w[r * NER_NLAB + (size_t)l] =
                (float)(int16_t)(uint16_t)(raw[p] | (raw[p + 1] << 8)) * scale;
    }
    return p == rn ? 0 : -1;
}

int ner_model_load(const char *path, ner_model **out, tl_err *e) {
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return err_set(e, TL_EIO, "%s: %s", path, strerror(errno));
    unsigned char *buf = NULL, *raw = NULL;
    ner_model *m = NULL;
    int rc = TL_OK;
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0) size = ftell(f);
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return err_set(e, TL_EIO, "%s: cannot read", path);
    }
    if (size < NER_HDR || (unsigned long)size > NER_FILE_MAX) {
        fclose(f);
        return err_set(e, TL_EPARSE, "%s: not a trilat NER model (size %ld)", path, size);
    }
    buf = malloc((size_t)size);
    if (!buf) { fclose(f); return err_set(e, TL_ENOMEM, "out of memory loading %s", path); }
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        free(buf);
        return err_set(e, TL_EIO, "%s: short read", path);
    }
    fclose(f);
    uint64_t rn = get64(buf + 28), cn = get64(buf + 36);
    uint32_t rows = get32(buf + 20), sbits = get32(buf + 24);
    float scale;
    memcpy(&scale, &sbits, 4);
    if (memcmp(buf, NER_MAGIC, 8) != 0)
        rc = err_set(e, TL_EPARSE, "%s: not a trilat NER model (bad magic)", path);
    else if (get32(buf + 8) != NER_VERSION)
        rc = err_set(e, TL_EPARSE, "%s: NER model version %u, this build reads %u", path,
                     get32(buf + 8), NER_VERSION);
    else if (get32(buf + 12) != NER_SLOTS_LOG2 || get32(buf + 16) != NER_NLAB ||
             rows > NER_SLOTS || !isfinite(scale) || scale <= 0 ||
             rn > (uint64_t)NER_SLOTS * (5 + 2 * NER_NLAB) || cn != (uint64_t)size - NER_HDR)
        rc = err_set(e, TL_EPARSE, "%s: damaged NER model (bad header)", path);
    if (rc == TL_OK && !(raw = malloc(rn ? rn : 1)))
        rc = err_set(e, TL_ENOMEM, "out of memory loading %s", path);
    if (rc == TL_OK) {
        size_t got = ZSTD_decompress(raw, rn, buf + NER_HDR, cn);
        if (ZSTD_isError(got) || got != rn || XXH3_64bits(raw, rn) != get64(buf + 44))
            rc = err_set(e, TL_EPARSE, "%s: damaged NER model (checksum mismatch)", path);
    }
    if (rc == TL_OK && !(m = ner_model_new()))
        rc = err_set(e, TL_ENOMEM, "out of memory loading %s", path);
    if (rc == TL_OK && parse_payload(m, raw, rn, rows, scale) != 0)
        rc = err_set(e, TL_EPARSE, "%s: damaged NER model (bad payload)", path);
    if (rc == TL_OK) m->id = get64(buf + 44);
    free(buf);
    free(raw);
    if (rc != TL_OK) ner_model_free(m);
    else *out = m;
    return rc;
}
