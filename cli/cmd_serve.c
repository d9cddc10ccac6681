/* cmd_serve.c -- `trilat serve`: the HTTP API and web page (docs/api.md).
 *
 * Options are read here; the server itself is server/http.c (HTTP) and
 * server/api.c (routes). SIGINT and SIGTERM are blocked before the
 * server's threads start, so only this thread receives them (sigwait):
 * it then stops the server gracefully and closes the store.
 */
#include "cli.h"

#include "api.h"
#include "http.h"

#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const char SERVE_HELP[] =
    "usage: trilat serve [OPTIONS]\n"
    "\n"
    "Serve the store over HTTP: a JSON API under /api/v1 (docs/api.md) and a\n"
    "web page at / to browse stories, entities and search.\n"
    "\n"
    "Options:\n"
    "  --port N            TCP port (default 8080; 0: any free port)\n"
    "  --bind ADDR         IPv4 address to listen on (default 127.0.0.1)\n"
    "  --token T           token for POST /api/v1/articles (default $TRILAT_TOKEN;\n"
    "                      without one, ingest over HTTP is off)\n"
    "  --private           every endpoint but /api/v1/health needs the token\n"
    "  --threads N         request threads (default: number of CPUs)\n"
    "  --max-body BYTES    largest request body (default 67108864)\n"
    "  --timeout S         close idle connections after S seconds (default 30)\n"
    "  --no-cluster        POST stores articles without placing them in stories\n"
    "  --ner-model FILE    model for the entities of POSTed articles\n"
    "  --cache N           cached responses per thread (default 512; 0: none)\n"
    "  --cors ORIGIN       let pages from ORIGIN (or '*') call the API from a\n"
    "                      browser (Access-Control-Allow-Origin)\n"
    "  -q, --quiet         no access log on stderr\n"
    "\n"
    "SIGINT or SIGTERM stop the server: requests in flight finish first.\n";

static int num_opt(const char *arg, long min, long max, long *out) {
    return cli_parse_long(arg, out) == 0 && *out >= min && *out <= max;
}

int cmd_serve(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"port", required_argument, 0, 'p'},      {"bind", required_argument, 0, 'b'},
        {"token", required_argument, 0, 't'},     {"private", no_argument, 0, 'P'},
        {"threads", required_argument, 0, 'T'},   {"max-body", required_argument, 0, 'B'},
        {"timeout", required_argument, 0, 'O'},   {"no-cluster", no_argument, 0, 'N'},
        {"ner-model", required_argument, 0, 'M'}, {"cache", required_argument, 0, 'c'},
        {"quiet", no_argument, 0, 'q'},           {"cors", required_argument, 0, 'X'},
        CLI_COMMON_OPTS, {0, 0, 0, 0}};
    api_opts ao;
    memset(&ao, 0, sizeof(ao));
    ao.cluster = 1;
    ao.token = getenv("TRILAT_TOKEN");
    cli_story_defaults(&ao.params);
    http_opts ho;
    memset(&ho, 0, sizeof(ho));
    ho.port = 8080;
    ho.max_body = 64u << 20;
    ho.timeout = 30;
    ho.cache_entries = 512;
    long v;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        switch (opt) {
        case 'p':
            if (!num_opt(optarg, 0, 65535, &v)) goto bad;
            ho.port = (unsigned)v;
            break;
        case 'b': ho.bind = optarg; break;
        case 't': ao.token = optarg; break;
        case 'P': ao.private_reads = 1; break;
        case 'T':
            if (!num_opt(optarg, 1, 256, &v)) goto bad;
            ho.threads = (unsigned)v;
            break;
        case 'B':
            if (!num_opt(optarg, 1, 1L << 32, &v)) goto bad;
            ho.max_body = (size_t)v;
            break;
        case 'O':
            if (!num_opt(optarg, 1, 86400, &v)) goto bad;
            ho.timeout = (unsigned)v;
            break;
        case 'c':
            if (!num_opt(optarg, 0, 1 << 20, &v)) goto bad;
            ho.cache_entries = (size_t)v;
            break;
        case 'N': ao.cluster = 0; break;
        case 'M': ao.ner_model = optarg; break;
        case 'q': ho.quiet = 1; break;
        case 'X': ho.cors = optarg; break;
        case 'h': fputs(SERVE_HELP, stdout); return EXIT_OK;
        default: fputs(SERVE_HELP, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    if (ao.private_reads && (!ao.token || !*ao.token)) {
        cli_usage_error("serve", "--private needs a token (--token or $TRILAT_TOKEN)");
        return EXIT_USAGE;
    }
    ao.db = c->db;

    /* only this thread takes the stop signals */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    api_t *api;
    tl_err e;
    err_clear(&e);
    int rc = api_open(&ao, &api, &e);
    if (rc != TL_OK) { cli_error(&e); return cli_exit_for(rc); }
    ho.handler = api_handle;
    ho.version = api_version;
    ho.ud = api;
    http_server *srv;
    char err[256];
    if (http_start(&ho, &srv, err, sizeof(err)) != 0) {
        fprintf(stderr, "trilat serve: %s\n", err);
        api_close(api);
        return EXIT_FAIL;
    }
    fprintf(stderr, "trilat serve: listening on http://%s:%u/ (store %s; ingest %s)\n",
            ho.bind ? ho.bind : "127.0.0.1", http_port(srv), c->db,
            ao.token && *ao.token ? "on, with token" : "off: no token");
    api_warm(api);
    int sig = 0;
    sigwait(&sigs, &sig);
    fprintf(stderr, "trilat serve: %s, stopping (%ld requests in flight)\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM", http_inflight(srv));
    http_stop(srv, 30000);
    api_close(api);
    fprintf(stderr, "trilat serve: stopped\n");
    return EXIT_OK;
bad:
    cli_usage_error("serve", "bad value for --%s: '%s'",
                    opt == 'p' ? "port" : opt == 'T' ? "threads" : opt == 'B' ? "max-body"
                    : opt == 'O' ? "timeout" : "cache", optarg);
    return EXIT_USAGE;
}
