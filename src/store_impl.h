/* store_impl.h -- what a storage backend implements (private to src/).
 *
 * store.c owns the public API and dispatches every call to the backend's
 * ops table; a backend keeps its state behind `impl`.
 */
#ifndef TRILAT_STORE_IMPL_H
#define TRILAT_STORE_IMPL_H

#include "store.h"

typedef struct store_ops {
    const char *name;
    int (*open)(store_t *s, const char *uri, int flags, tl_err *e);
    void (*close)(store_t *s);
    int (*begin)(store_t *s, tl_err *e);
    int (*commit)(store_t *s, tl_err *e);
    int (*rollback)(store_t *s, tl_err *e);
    int (*put_article)(store_t *s, art_t *a, int *outcome, char **other, tl_err *e);
    int (*get_article)(store_t *s, const char *id, art_t **out, char **dup_of, tl_err *e);
    int (*list_articles)(store_t *s, const store_filter *f, int with_text,
                         store_art_cb cb, void *ud, tl_err *e);
    int (*list_duplicates)(store_t *s, const char *id, store_dup_cb cb, void *ud, tl_err *e);
    int (*search)(store_t *s, const char *query, const store_filter *f,
                  const char *hl_open, const char *hl_close, store_hit_cb cb,
                  void *ud, tl_err *e);
    int (*get_stats)(store_t *s, store_stats *st, tl_err *e);
    int (*count_sources)(store_t *s, store_count_cb cb, void *ud, tl_err *e);
    int (*check)(store_t *s, char **report, tl_err *e);
    /* stories */
    int (*unplaced)(store_t *s, int64_t after, long limit, store_art_cb cb, void *ud, tl_err *e);
    int (*put_placement)(store_t *s, const store_placement *p, tl_err *e);
    int (*put_story)(store_t *s, const store_story_row *r, tl_err *e);
    int (*put_term)(store_t *s, uint32_t id, const char *term, const char *surface,
                    uint32_t df, uint32_t ndf, tl_err *e);
    int (*set_meta)(store_t *s, const char *key, const char *value, tl_err *e);
    int (*get_meta)(store_t *s, const char *key, char **value, tl_err *e);
    int (*load_terms)(store_t *s, store_term_cb cb, void *ud, tl_err *e);
    int (*load_stories)(store_t *s, store_story_cb cb, void *ud, tl_err *e);
    int (*load_placements)(store_t *s, store_place_cb cb, void *ud, tl_err *e);
    int (*list_stories)(store_t *s, const store_filter *f, long min_size, store_story_cb cb,
                        void *ud, tl_err *e);
    int (*get_story)(store_t *s, uint32_t id, store_story_cb cb, void *ud, tl_err *e);
    int (*story_members)(store_t *s, uint32_t story, store_member_cb cb, void *ud, tl_err *e);
    int (*get_placement)(store_t *s, int64_t article, store_place_cb cb, void *ud, tl_err *e);
    int (*near_dups)(store_t *s, int64_t article, store_member_cb cb, void *ud, tl_err *e);
    int (*reset_placement)(store_t *s, tl_err *e);
    /* entities */
    int (*articles_after)(store_t *s, int64_t after, long limit, store_art_story_cb cb, void *ud,
                          tl_err *e);
    int (*put_entity)(store_t *s, const store_entity_row *r, tl_err *e);
    int (*put_mention)(store_t *s, const store_mention_row *m, tl_err *e);
    int (*load_entities)(store_t *s, store_entity_cb cb, void *ud, tl_err *e);
    int (*list_entities)(store_t *s, const char *type, long limit, long offset,
                         store_entity_cb cb, void *ud, tl_err *e);
    int (*find_entities)(store_t *s, const char *name, const char *key, store_entity_cb cb,
                         void *ud, tl_err *e);
    int (*entity_articles)(store_t *s, uint32_t entity, long limit, store_mention_cb cb, void *ud,
                           tl_err *e);
    int (*article_mentions)(store_t *s, int64_t article, store_mention_cb cb, void *ud, tl_err *e);
    int (*reset_entities)(store_t *s, tl_err *e);
    int (*put_quote)(store_t *s, const store_quote_row *q, tl_err *e);
    int (*quotes)(store_t *s, const store_quote_filter *f, store_quote_cb cb, void *ud,
                  tl_err *e);
    /* events */
    int (*put_event)(store_t *s, const store_event_row *r, tl_err *e);
    int (*events)(store_t *s, const store_event_filter *f, store_event_cb cb, void *ud,
                  tl_err *e);
    int (*data_version)(store_t *s, int64_t *version, tl_err *e);
    /* the clustering lock: *got as store_lock_clusterer's; *fresh 1 when
     * it was taken by this call (not held before) */
    int (*lock_clusterer)(store_t *s, int *got, int *fresh, tl_err *e);
    void (*unlock_clusterer)(store_t *s);
    /* analyses */
    int (*put_analysis)(store_t *s, int64_t article, const char *producer, const void *data,
                        size_t len, tl_err *e);
    int (*analyses)(store_t *s, int64_t after, long limit, store_analysis_cb cb, void *ud,
                    tl_err *e);
    int (*drop_analyses)(store_t *s, int64_t upto, tl_err *e);
    int (*count_analyses)(store_t *s, long *n, tl_err *e);
} store_ops;

struct store {
    const store_ops *ops;
    void *impl;
    int in_tx;
};

extern const store_ops store_sqlite_ops;
extern const store_ops store_pg_ops;

#endif
