/* anl.h -- the per-article analysis behind entities, quotes and events:
 * everything entity extraction (entx.c) computes from one article alone,
 * before it resolves the article's entities against every other's.
 *
 * anl_article() runs, over one article, the recognizer (names.h: the NER
 * model, or rules), the entity analysis (entity.h: roles, countries, the
 * names that mean one entity), quotes and their speakers (quote.h), time
 * expressions resolved against the publication day (when.h) and events
 * (event.h). It depends on nothing but the article, the model and the
 * code, so it can run anywhere and in parallel: `trilat worker` runs it
 * before storing an article and stores the result with the article
 * (anl_encode, store_put_analysis); the one clusterer then decodes it
 * (anl_decode) instead of computing it. On news text that is most of the
 * clusterer's work (docs/deploy.md has the profile).
 *
 * The encoding keeps what entx uses, no more:
 *   local entities  type, name, match key, role, country code,
 *                   affiliation, mention count
 *   mentions        span, entity, role span
 *   quotes          kind, content span, speaker entity, speaker, cue and
 *                   channel spans
 *   time exprs      span, certainty, resolved days, future
 *   events          code, trigger, actor / target / other / place
 *                   entities and phrases, time expression, evidence
 *                   sentence, negated, future
 * (fields entx never reads, such as an entity's gender or a quote's
 * sentence, decode as zero). Numbers are LEB128 varints; strings a
 * length and their bytes. anl_decode checks everything against the
 * article: spans inside its text and in order, indexes inside their
 * tables, known entity types, event codes and countries, counts that fit
 * the bytes left. A damaged or foreign blob is refused (TL_EPARSE), never
 * trusted; the caller analyses the article again.
 *
 * anl_producer() names what produced an analysis: the encoding's version,
 * the build of libtrilat (a hash of its sources, made by CMake) and the
 * NER model (the checksum of its weights, or "rules"). An analysis is
 * used only by a reader with the same producer, so results never depend
 * on which machine analysed an article.
 *
 * Ownership: an anl_doc owns its lists; anl_doc_free() frees them (the
 * doc can be reused after anl_doc_reset()).
 */
#ifndef TRILAT_ANL_H
#define TRILAT_ANL_H

#include <stddef.h>

#include "article.h"
#include "buf.h"
#include "entity.h"
#include "err.h"
#include "event.h"
#include "ner.h"
#include "quote.h"
#include "when.h"

#define ANL_FORMAT 1
#define ANL_PRODUCER_MAX 96

typedef struct anl_doc {
    ent_doc doc;            /* local entities and their mentions */
    quo_list quotes;        /* speakers index doc.e */
    when_list when;
    evt_list events;        /* participants index doc.e, `when` indexes when */
} anl_doc;

#define ANL_DOC_INIT {ENT_DOC_INIT, QUO_LIST_INIT, WHEN_LIST_INIT, EVT_LIST_INIT}

/* Analyse one article (text, publication date) with model m (NULL: rule-
 * based names). Reuses out's memory. TL_OK, TL_ENOMEM or another error
 * with e filled. */
int anl_article(const ner_model *m, const art_t *a, anl_doc *out, tl_err *e);

/* Append the encoding of d to out. TL_OK or TL_ENOMEM. */
int anl_encode(const anl_doc *d, buf_t *out);

/* Decode len bytes made by anl_encode for an article of text_len bytes
 * into out (its memory reused). TL_OK; TL_EPARSE when the bytes are not
 * a valid analysis of such an article (e says why); TL_ENOMEM. */
int anl_decode(const void *data, size_t len, size_t text_len, anl_doc *out, tl_err *e);

/* The producer of analyses made here with model m: "anl1 build:HASH
 * ner:ID" (ner:rules without a model). out has ANL_PRODUCER_MAX bytes. */
void anl_producer(const ner_model *m, char *out, size_t cap);

/* Empty d, keeping its memory. */
void anl_doc_reset(anl_doc *d);
void anl_doc_free(anl_doc *d);

#endif
