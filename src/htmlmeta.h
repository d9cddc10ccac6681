/* htmlmeta.h -- a web page's metadata, each value with where it came from.
 *
 * Sources, best first:
 *   title      og:title, JSON-LD headline, <title> minus the site name
 *              ("Headline | Site" -> "Headline"), the first <h1>;
 *   published  JSON-LD datePublished, <meta> (article:published_time,
 *              itemprop=datePublished, pubdate, date, dc.date ...), the
 *              first <time datetime> outside boilerplate, a visible byline
 *              ("By Jane Doe | March 3, 2026"), a date in the URL path
 *              (/2026/03/14/, /20260314/, -2026-03-14-);
 *              never a date from a script, from a related/comments/nav
 *              block, from before 1990 or after the crawl time;
 *   authors    JSON-LD author, <meta name=author>, article:author (when
 *              not a URL), the byline's "By ...";
 *   site       og:site_name, JSON-LD publisher.name, application-name, the
 *              URL's domain without "www.";
 *   url        <link rel=canonical>, og:url, the address the caller gave;
 *   language   <html lang>, content-language, og:locale, JSON-LD
 *              inLanguage (primary subtag, lower case).
 * The `*_from` strings are static ("og:title", "json-ld", "time", "byline",
 * "url", "canonical", "domain", "html-lang", ...) or point into the
 * struct ("meta:article:published_time").
 * Ownership: hm_meta owns its strings; hm_free().
 */
#ifndef TRILAT_HTMLMETA_H
#define TRILAT_HTMLMETA_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "html.h"

#define HM_MAX_AUTHORS 8

typedef struct hm_meta {
    char *title;       const char *title_from;
    char *published;   const char *published_from;   /* as the page wrote it */
    char *modified;
    char *authors[HM_MAX_AUTHORS];
    size_t nauthors;   const char *authors_from;
    char *site;        const char *site_from;
    char *url;         const char *url_from;
    char *lang;        const char *lang_from;
    char *description;
    char *jsonld_body; /* JSON-LD articleBody, or NULL */
    int rejected_future;  /* a candidate date was after the crawl time */
    char from_buf[64];    /* published_from when it names a meta tag */
} hm_meta;

/* Read the metadata of a parsed page. url is the page's address when the
 * caller knows it (or NULL); now is the crawl time (UTC seconds): later
 * dates are refused. TL_OK or TL_ENOMEM. */
int hm_extract(const html_doc *d, const char *url, int64_t now, hm_meta *m,
               tl_err *e);
void hm_free(hm_meta *m);

/* A date in a URL path (/2026/03/14/, /20260314/, 2026-03-14): writes
 * "YYYY-MM-DD" to out (11 bytes) and returns 1, or returns 0. */
int hm_url_date(const char *url, char out[11]);

/* The first date written in free text ("By Jane Doe | March 3, 2026",
 * "Updated 2026-03-03 10:00"), parsed with date_parse(); the matched text
 * is copied to out (cap bytes). 1 if found. */
int hm_text_date(const char *s, char *out, size_t cap);

#endif
