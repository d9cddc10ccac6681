/* web.h -- the web page's files, embedded in the binary at build time.
 *
 * server/embed.c turns server/web/ into a C table (web_assets.c in the
 * build tree), so `trilat serve` needs no files beside the binary.
 */
#ifndef TRILAT_WEB_H
#define TRILAT_WEB_H

#include <stddef.h>

typedef struct web_asset {
    const char *path;           /* "/index.html", "/static/app.js" */
    const char *type;           /* Content-Type */
    const unsigned char *data;
    size_t len;
    const char *etag;           /* quoted content hash */
} web_asset;

/* The asset served at path, or NULL. */
const web_asset *web_find(const char *path);

#endif
