/* cmd_ner.c -- `trilat train ner`: train the named-entity model from CoNLL
 * files (the work is ner_train() in the library; this parses options and
 * reports progress). */
#include "cli.h"
#include "ner.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char TRAIN_HELP[] =
    "usage: trilat train ner --train FILE [--dev FILE] [--epochs N] --out MODEL\n"
    "\n"
    "Train the named-entity recognizer (averaged perceptron, PER/ORG/LOC/MISC)\n"
    "on a CoNLL 2003 file (word ... NE per line, IOB1 or BIO tags; only the\n"
    "first and last columns are read). With --dev, the epoch with the best\n"
    "entity F1 on the dev file is kept. Training is deterministic.\n"
    "\n"
    "Options:\n"
    "  --train FILE     training data (CoNLL)\n"
    "  --dev FILE       development data (CoNLL), to pick the epoch\n"
    "  --epochs N       passes over the data (default 10)\n"
    "  --out MODEL      the model file to write\n";

static int epoch_cb(void *ud, int epoch, double acc, double f1) {
    double t0 = *(double *)ud;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double el = (double)ts.tv_sec + ts.tv_nsec / 1e9 - t0;
    if (f1 >= 0)
        fprintf(stderr, "epoch %d: train token accuracy %.4f, dev F1 %.4f (%.1f s)\n", epoch, acc,
                f1, el);
    else
        fprintf(stderr, "epoch %d: train token accuracy %.4f (%.1f s)\n", epoch, acc, el);
    return 0;
}

int cmd_train(cli_ctx *c, int argc, char **argv) {
    static const struct option opts[] = {
        {"train", required_argument, 0, 't'}, {"dev", required_argument, 0, 'd'},
        {"epochs", required_argument, 0, 'E'}, {"out", required_argument, 0, 'o'},
        CLI_COMMON_OPTS, {0, 0, 0, 0}};
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(TRAIN_HELP, stdout);
        return EXIT_OK;
    }
    if (argc < 2 || strcmp(argv[1], "ner") != 0) {
        cli_usage_error("train", "unknown or missing model (available: ner)");
        return EXIT_USAGE;
    }
    argc--;
    argv++;
    const char *train = NULL, *dev = NULL, *outp = NULL;
    ner_train_opts o;
    ner_train_defaults(&o);
    int opt;
    long v;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(c, opt, optarg)) continue;
        switch (opt) {
        case 't': train = optarg; break;
        case 'd': dev = optarg; break;
        case 'o': outp = optarg; break;
        case 'E':
            if (cli_parse_long(optarg, &v) || v < 1 || v > 1000) {
                cli_usage_error("train", "--epochs is a number from 1 to 1000");
                return EXIT_USAGE;
            }
            o.epochs = (int)v;
            break;
        case 'h': fputs(TRAIN_HELP, stdout); return EXIT_OK;
        default: fputs(TRAIN_HELP, stderr); return EXIT_USAGE;
        }
    }
    if (!train || !outp) {
        cli_usage_error("train", "--train FILE and --out MODEL are required");
        return EXIT_USAGE;
    }
    tl_err e;
    err_clear(&e);
    ner_corpus tc = NER_CORPUS_INIT, dc = NER_CORPUS_INIT;
    ner_model *m = NULL;
    int rc = ner_corpus_read_conll(train, &tc, &e);
    if (rc == TL_OK && dev) rc = ner_corpus_read_conll(dev, &dc, &e);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double t0 = (double)ts.tv_sec + ts.tv_nsec / 1e9;
    if (rc == TL_OK) {
        fprintf(stderr, "training on %zu sentences (%zu tokens), %d epochs\n", tc.nsent, tc.ntok,
                o.epochs);
        rc = ner_train(&tc, dev ? &dc : NULL, &o, epoch_cb, &t0, &m, &e);
    }
    if (rc == TL_OK) rc = ner_model_save(m, outp, &e);
    if (rc == TL_OK) {
        FILE *f = fopen(outp, "rb");
        long size = -1;
        if (f && fseek(f, 0, SEEK_END) == 0) size = ftell(f);
        if (f) fclose(f);
        clock_gettime(CLOCK_MONOTONIC, &ts);
        fprintf(stderr, "wrote %s (%ld bytes) in %.1f s\n", outp, size,
                (double)ts.tv_sec + ts.tv_nsec / 1e9 - t0);
    } else
        cli_error(&e);
    ner_model_free(m);
    ner_corpus_free(&tc);
    ner_corpus_free(&dc);
    return cli_exit_for(rc == TL_EINVAL ? TL_ERR : rc);
}
