/* fuzz_check.h -- invariant checks shared by the libFuzzer targets. A failed
 * check prints what broke and abort()s, which libFuzzer records as a crash
 * (with the input saved as crash-<sha1>). */
#ifndef TRILAT_FUZZ_CHECK_H
#define TRILAT_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond, ...)                                                  \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: invariant violated: %s: ", __FILE__,      \
                    __LINE__, #cond);                                          \
            fprintf(stderr, __VA_ARGS__);                                      \
            fputc('\n', stderr);                                               \
            abort();                                                           \
        }                                                                      \
    } while (0)

#endif
