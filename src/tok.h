/* tok.h -- tokenization of NFC UTF-8 text into byte-offset spans, and the
 * folding that turns a token into a comparable key.
 *
 * Tokens are spans [start, end) of byte offsets into the text: the text is
 * never copied or rewritten (see docs/architecture.md, "one document
 * model"). Every byte that is not white space belongs to exactly one token;
 * white space belongs to none. This is the hot path of clustering, so it is
 * one hand-written pass with an ASCII class table; utf8proc is consulted
 * only for code points >= U+0080.
 *
 * Token rules (the choices are deliberate; tests/unit/test_tok.c pins them):
 *
 *   - A word is a run of letters and digits (Unicode L* and N*; combining
 *     marks and format characters such as U+00AD continue a word; scripts
 *     written without spaces, such as Chinese, give one token per run).
 *     Inside a word these join, when they have a letter or digit on both
 *     sides:
 *       hyphen  - U+2010 U+2011   "Putin-Zelensky", "COVID-19" are one
 *                                 token with TOK_HYPHEN (en/em dashes are
 *                                 punctuation: "2019–2020" is 3 tokens);
 *       apostrophe ' U+2019       "don't", "O’Brien" are one token;
 *       . and ,                   between two digits: "1,000", "3.5", "v1.2".
 *   - Possessive / clitic "’s" and "'s" (the apostrophe, then s or S, then
 *     no further letter or digit) is split off as its own token flagged
 *     TOK_POSS: "Trump’s" -> "Trump" "’s". "it’s" is split the same way
 *     (the tokenizer does not tell "is"/"has" from a possessive). A trailing
 *     apostrophe ("leaders’ summit") is plain punctuation.
 *   - Abbreviations: two or more single letters each followed by a period
 *     form one token including the last period, flagged TOK_WORD|TOK_ABBR:
 *     "U.S.", "D.C.", "a.m.", "e.g.". "Mr." is "Mr" + "." (the sentence
 *     splitter, not the tokenizer, knows title abbreviations).
 *   - Anything else that is not white space is punctuation, one code point
 *     per token (a run of periods "..." is one token; combining marks and
 *     variation selectors stay with the code point before them). Symbols
 *     ($ % € “ ”) are TOK_PUNCT too: "20%" is "20" "%".
 *
 * Flags: TOK_WORD when the token holds a letter; TOK_NUM when it starts
 * with a digit ("3rd" and "1990s" are TOK_NUM|TOK_WORD, "G7" is TOK_WORD);
 * TOK_CAP when its first code point is an upper- or title-case letter;
 * TOK_ALLCAP when it holds at least two cased letters and none is lower
 * case ("NATO", "U.S."). Sentence starts are the sentence splitter's job.
 */
#ifndef TRILAT_TOK_H
#define TRILAT_TOK_H

#include <stddef.h>
#include <stdint.h>

#define TOK_WORD    0x01u  /* holds at least one letter */
#define TOK_NUM     0x02u  /* starts with a digit: "1,000", "3.5", "3rd" */
#define TOK_PUNCT   0x04u  /* punctuation or symbol */
#define TOK_CAP     0x08u  /* first code point is an upper/title-case letter */
#define TOK_ALLCAP  0x10u  /* >= 2 cased letters, none lower case */
#define TOK_ABBR    0x20u  /* dotted abbreviation "U.S.", "a.m." (+TOK_WORD) */
#define TOK_HYPHEN  0x40u  /* contains an inner hyphen: "Putin-Zelensky" */
#define TOK_POSS    0x80u  /* split-off "’s" / "'s" (alone, no TOK_WORD) */

typedef struct tok {
    uint32_t start, end;   /* byte offsets into the text, end exclusive */
    uint32_t flags;        /* TOK_* */
} tok_t;

/* A growable array of tokens. Start from TOK_LIST_INIT (or zeroed memory);
 * the owner frees it with tok_list_free(). Setting n = 0 reuses the memory
 * for the next text. */
typedef struct tok_list {
    tok_t *v;
    size_t n, cap;
} tok_list;

#define TOK_LIST_INIT {NULL, 0, 0}

/* Tokenize len bytes at s (NFC UTF-8; each invalid sequence becomes a
 * punctuation token of its own) and append the tokens to out, in text
 * order. Reserves about len/6 tokens up front.
 * Returns TL_OK; TL_ETOOBIG when len does not fit the 32-bit offsets;
 * TL_ENOMEM (out then holds the tokens appended so far). */
int tok_text(const char *s, size_t len, tok_list *out);

/* Free the array; the list is left empty and reusable. */
void tok_list_free(tok_list *l);

/* Index of the first token of l starting at or after byte off (l->n when
 * none); binary search, the tokens being in text order. */
size_t tok_index_at(const tok_list *l, size_t off);

/* Fold len bytes at s into out (at most cap bytes, no NUL terminator):
 * lower case + Unicode case folding ("ß" -> "ss"), diacritics stripped
 * from Latin and Greek letters ("Café" -> "cafe", "ÜBER" -> "uber"),
 * stray combining diacritics dropped, ’ ‘ ʼ mapped to '. Cyrillic letters
 * are lower-cased but keep their marks (й, ї, ў are letters of their own),
 * except ё -> е; other scripts are case-folded only (their vowel signs
 * are not decoration). ASCII input never reaches utf8proc. When the
 * result does not fit, it is cut at a code point boundary. Returns the
 * number of bytes written. Thread-safe. */
size_t tok_fold(const char *s, size_t len, char *out, size_t cap);

/* Fold the n bytes of one word at s into w (NUL-terminated, at most cap
 * bytes with the NUL) and drop its periods: "Gen." -> "gen", "U.S." ->
 * "us", for matching words against lists. Returns the length; 0 when
 * empty or when it does not fit. */
size_t tok_fold_word(const char *s, size_t n, char *w, size_t cap);

/* Spelling-variant key of a folded word, in place: y->i, w->v, f->v,
 * ph->v, tz->z, ck->k, ks->x, doubled ASCII letters once, so that transliteration
 * variants of a name meet: "zelenskyy"/"zelensky" -> "zelenski",
 * "witkoff"/"vitkov" -> "vitkov", "mertz"/"merz" -> "merz", "yury"/"yuri"
 * -> "iuri". Applied alike to every word (story terms, entity names), so a
 * name and a common word still meet their own kind. Returns the new
 * length (<= n). */
size_t tok_variant_key(char *w, size_t n);

#endif
