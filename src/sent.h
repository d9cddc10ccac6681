/* sent.h -- sentence splitting with byte offsets.
 *
 * Quotes, events and extractive summaries are made of sentences, so the
 * splitter has to survive what news text is full of: abbreviations
 * ("U.S.", "Gen. Dan Caine", "3 a.m. on Monday", "Jan. 5"), initials
 * ("John F. Kennedy"), decimals ("3.5"), quotations of several sentences,
 * and headings without final punctuation. It is a single pass with a few
 * look-ups around each candidate break; no model, no allocation besides the
 * output list.
 *
 * Rules (tests/unit/test_sent.c pins each one):
 *
 *   Candidate breaks: . ! ? … (and runs of them: "?!", "...", the spaced
 *   ellipsis ". . ."), then any closing quotes and brackets (” " ’ ' » )
 *   ]) -- they belong to the sentence they close, and so does a closing
 *   quote standing alone after white space, as in detokenized text (said
 *   so . " Next) -- then white space or the end of the text. CJK 。！？
 *   break without white space after them.
 *
 *   A candidate is not a break when the next word starts with a lower-case
 *   letter ("etc. and", "“Why?” he asked").
 *
 *   After a single period, the word before it decides:
 *     titles and Latin abbreviations (Mr Mrs Ms Dr Prof Gen Col Lt Sgt Capt
 *       Adm Maj Rep Sen Gov Pres St Rev Hon Mt Ft vs e.g i.e cf approx ...):
 *       never a break ("Gen. Caine", "St. Aldric");
 *     numbered abbreviations (months Jan..Dec, Sept, No, Fig, Vol, p, pp):
 *       a break unless a number follows ("Jan. 5", "No. 1");
 *     a.m. / p.m.: a break when a capitalized word follows that is not a
 *       weekday, a month or a time zone ("at 3 p.m. Officials left" splits,
 *       "at 3 p.m. Monday" and "10 a.m. ET" do not);
 *     other abbreviations (U.S U.K U.N E.U D.C, any dotted single letters,
 *       Inc Ltd Co Corp Jr Sr etc, US state abbreviations), and a single
 *       capital letter (an initial: "John F. Kennedy"): a break only when
 *       the next word is a common sentence opener (The, He, It, But, In,
 *       ...) or a quotation (not a bracket) opens, so "U.S. President
 *       Trump" and "TRENTON, N.J. (AP)" stay whole and "in the U.S. He
 *       said" splits;
 *     any other word or number: a break.
 *
 *   Quotations: inside a quotation that closes on the same line (“…”,
 *   „…“, «…», "…") and holds at most three sentences, breaks are ignored,
 *   so “I called him. He agreed,” Trump said. is one sentence. A longer
 *   quotation (more than three sentences, or no closing mark within 2 KB
 *   on its line) is split like plain text. Single quotes are not tracked
 *   (’ is also the apostrophe).
 *
 *   Lines: a blank line ("\n\n") always ends a sentence. A single newline
 *   ends one too (texts carry one paragraph per line, and a heading is a
 *   line without final punctuation) unless the line plainly continues:
 *   the next line starts with a lower-case letter, or this line ends with
 *   , ; ( or a dash.
 *
 * Sentences never include surrounding white space and are never empty.
 */
#ifndef TRILAT_SENT_H
#define TRILAT_SENT_H

#include <stddef.h>
#include <stdint.h>

typedef struct sent {
    uint32_t start, end;   /* byte offsets into the text, end exclusive */
} sent_t;

/* A growable array of sentences; same conventions as tok_list: start from
 * SENT_LIST_INIT, n = 0 to reuse, sent_list_free() to free. */
typedef struct sent_list {
    sent_t *v;
    size_t n, cap;
} sent_list;

#define SENT_LIST_INIT {NULL, 0, 0}

/* Split len bytes at s (UTF-8, normally NFC text from text_normalize())
 * into sentences appended to out, in text order. Returns TL_OK; TL_ETOOBIG
 * when len does not fit the 32-bit offsets; TL_ENOMEM (out then holds the
 * sentences appended so far). */
int sent_split(const char *s, size_t len, sent_list *out);

/* Free the array; the list is left empty and reusable. */
void sent_list_free(sent_list *l);

/* The first sentence of s into out (NUL-terminated, at most cap - 1 bytes;
 * a longer sentence is cut at a space and ends with "…"). Returns its
 * length (0 when there is none). */
size_t sent_first(const char *s, size_t len, char *out, size_t cap);

#endif
