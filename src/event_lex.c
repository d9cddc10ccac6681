/* event_lex.c -- the event taxonomy (CAMEO's top level and the codes
 * below it that news about politics and business needs) and the trigger
 * lexicon: which words start an event, of which code, and how they find
 * their target. docs/events.md lists the codes and explains the choices.
 *
 * The lexicon lists inflected forms, not stems: "met" is not a stem of
 * "meet", and a short explicit list is easier to audit than a stemmer's
 * guesses ("talks" the noun vs "talk"). Lookups go through a table sorted
 * once (pthread_once) and bsearch.
 */
#include "event.h"
#include "event_impl.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Taxonomy
 * ---------------------------------------------------------------------- */

typedef struct { const char *code, *label; } code_def;

static const code_def CODES[] = {
    {"010", "make statement"},
    {"020", "appeal"},
    {"030", "express intent to cooperate"},
    {"036", "express intent to meet or negotiate"},
    {"040", "consult"},
    {"041", "consult: phone call"},
    {"042", "consult: visit"},
    {"043", "consult: host a visit"},
    {"044", "consult: meeting"},
    {"045", "consult: mediate"},
    {"046", "consult: negotiate"},
    {"050", "engage in diplomatic cooperation"},
    {"051", "diplomatic cooperation: praise or endorse"},
    {"055", "diplomatic cooperation: apologize"},
    {"057", "diplomatic cooperation: sign or reach an agreement"},
    {"060", "engage in material cooperation"},
    {"061", "material cooperation: economic (buy, invest, merge)"},
    {"070", "provide aid"},
    {"080", "yield"},
    {"081", "yield: ease restrictions or sanctions"},
    {"084", "yield: release persons or property"},
    {"087", "yield: de-escalate, withdraw forces"},
    {"090", "investigate"},
    {"100", "demand"},
    {"110", "disapprove"},
    {"111", "disapprove: criticize or denounce"},
    {"112", "disapprove: accuse or blame"},
    {"120", "reject"},
    {"130", "threaten"},
    {"140", "protest"},
    {"150", "exhibit force posture"},
    {"160", "reduce relations"},
    {"163", "reduce relations: impose sanctions or embargo"},
    {"170", "coerce"},
    {"171", "coerce: seize or damage property"},
    {"173", "coerce: arrest or detain"},
    {"174", "coerce: expel or deport"},
    {"180", "assault"},
    {"181", "assault: abduct"},
    {"186", "assault: assassinate"},
    {"190", "fight"},
    {"194", "fight: artillery and tanks"},
    {"195", "fight: aerial weapons"},
    {"200", "use unconventional mass violence"},
};

static const char *const ROOTS[] = {
    NULL, "make statement", "appeal", "express intent to cooperate", "consult",
    "engage in diplomatic cooperation", "engage in material cooperation", "provide aid",
    "yield", "investigate", "demand", "disapprove", "reject", "threaten", "protest",
    "exhibit force posture", "reduce relations", "coerce", "assault", "fight",
    "use unconventional mass violence",
};

const char *evt_code(const char *code, size_t n) {
    for (size_t i = 0; i < sizeof(CODES) / sizeof(CODES[0]); i++)
        if (strlen(CODES[i].code) == n && memcmp(CODES[i].code, code, n) == 0) return CODES[i].code;
    return NULL;
}

const char *evt_label(const char *code) {
    if (!code) return NULL;
    for (size_t i = 0; i < sizeof(CODES) / sizeof(CODES[0]); i++)
        if (strcmp(CODES[i].code, code) == 0) return CODES[i].label;
    return NULL;
}

int evt_root(const char *code) {
    if (!code || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') return 0;
    for (const char *p = code; *p; p++)
        if (*p < '0' || *p > '9') return 0;
    int r = (code[0] - '0') * 10 + (code[1] - '0');
    return r >= 1 && r <= 20 ? r : 0;
}

const char *evt_root_name(int root) {
    return root >= 1 && root <= 20 ? ROOTS[root] : NULL;
}

/* ------------------------------------------------------------------------
 * Trigger lexicon
 * ---------------------------------------------------------------------- */

#define V_CONS (L_OBJ | L_WITH)
#define N_CONS (L_NOUN | L_WITH | L_SYM)

static const evt_lex LEX[] = {
    /* appeal */
    {"urged", "020", L_OBJ}, {"urges", "020", L_OBJ}, {"urging", "020", L_OBJ},
    {"urge", "020", L_OBJ}, {"appealed", "020", L_TO}, {"appeals", "020", L_TO},
    {"called on", "020", L_OBJ}, {"calls on", "020", L_OBJ}, {"calling on", "020", L_OBJ},
    {"called upon", "020", L_OBJ}, {"called for", "020", 0}, {"calls for", "020", 0},
    {"calling for", "020", 0}, {"pleaded", "020", L_WITH},
    /* intent to cooperate */
    {"offered", "030", L_OBJ | L_TO}, {"offers", "030", L_OBJ | L_TO},
    {"agreed", "030", L_WITH | L_INF | L_SYM}, {"agrees", "030", L_WITH | L_INF | L_SYM},
    {"agree", "030", L_WITH | L_INF | L_SYM}, {"invited", "036", L_OBJ | L_NEEDT},
    {"invites", "036", L_OBJ | L_NEEDT}, {"invite", "036", L_OBJ | L_NEEDT},
    /* consult */
    {"called", "041", L_OBJ | L_NEEDT}, {"phoned", "041", L_OBJ | L_NEEDT},
    {"telephoned", "041", L_OBJ | L_NEEDT}, {"rang", "041", L_OBJ | L_NEEDT},
    {"spoke", "040", L_WITH | L_TO | L_NEEDT | L_SYM | L_PHONE},
    {"spoken", "040", L_WITH | L_TO | L_NEEDT | L_SYM | L_PHONE},
    {"speaks", "040", L_WITH | L_TO | L_NEEDT | L_SYM | L_PHONE},
    {"speak", "040", L_WITH | L_TO | L_NEEDT | L_SYM | L_PHONE},
    {"talked", "040", L_WITH | L_TO | L_NEEDT | L_SYM | L_PHONE},
    {"talk", "040", L_WITH | L_TO | L_NEEDT | L_SYM | L_PHONE},
    {"consulted", "040", V_CONS | L_NEEDT}, {"conferred", "040", L_WITH | L_NEEDT},
    {"discussed", "040", L_WITH | L_NEEDT}, {"discusses", "040", L_WITH | L_NEEDT},
    {"met", "044", V_CONS | L_SYM | L_NEEDT}, {"meets", "044", V_CONS | L_SYM | L_NEEDT},
    {"meet", "044", V_CONS | L_SYM | L_NEEDT},
    {"visited", "042", L_OBJ | L_PLACE | L_NEEDT}, {"visits", "042", L_OBJ | L_PLACE | L_NEEDT},
    {"visiting", "042", L_OBJ | L_PLACE | L_NEEDT},
    {"traveled", "042", L_TO | L_PLACE | L_NEEDT}, {"travelled", "042", L_TO | L_PLACE | L_NEEDT},
    {"flew", "042", L_TO | L_PLACE | L_NEEDT},
    {"hosted", "043", L_OBJ | L_NEEDT}, {"hosts", "043", L_OBJ | L_NEEDT},
    {"hosting", "043", L_OBJ | L_NEEDT}, {"host", "043", L_OBJ | L_NEEDT},
    {"received", "043", L_OBJ | L_NEEDT},
    {"mediated", "045", L_OBJ}, {"brokered", "045", L_OBJ},
    {"negotiated", "046", L_WITH | L_SYM}, {"negotiating", "046", L_WITH | L_SYM},
    {"negotiate", "046", L_WITH | L_SYM},
    /* event nouns of consultation */
    {"call", "041", N_CONS}, {"calls", "041", N_CONS}, {"phone call", "041", N_CONS},
    {"conversation", "040", N_CONS | L_PHONE}, {"talks", "040", N_CONS | L_PHONE},
    {"meeting", "044", N_CONS}, {"summit", "044", N_CONS}, {"encounter", "044", N_CONS},
    {"visit", "042", L_NOUN | L_TO | L_OBJ | L_PLACE}, {"trip", "042", L_NOUN | L_TO | L_PLACE},
    {"negotiations", "046", N_CONS},
    /* diplomatic cooperation */
    {"praised", "051", L_OBJ}, {"welcomed", "051", L_OBJ}, {"credited", "051", L_OBJ}, {"praises", "051", L_OBJ}, {"hailed", "051", L_OBJ},
    {"lauded", "051", L_OBJ}, {"commended", "051", L_OBJ}, {"endorsed", "051", L_OBJ},
    {"apologized", "055", L_TO}, {"apologised", "055", L_TO},
    {"signed", "057", L_WITH | L_DEAL}, {"signs", "057", L_WITH | L_DEAL},
    {"sign", "057", L_WITH | L_DEAL}, {"reach", "057", L_WITH | L_DEAL},
    {"reached", "057", L_WITH | L_DEAL}, {"struck", "057", L_WITH | L_DEAL},
    /* material cooperation */
    {"cooperated", "060", L_WITH}, {"cooperate", "060", L_WITH},
    {"bought", "061", L_OBJ}, {"buy", "061", L_OBJ}, {"buys", "061", L_OBJ},
    {"buying", "061", L_OBJ}, {"acquired", "061", L_OBJ}, {"acquire", "061", L_OBJ},
    {"acquires", "061", L_OBJ}, {"acquiring", "061", L_OBJ}, {"purchased", "061", L_OBJ},
    {"merged", "061", L_WITH}, {"invested", "061", L_OBJ},
    /* aid */
    {"sent", "070", L_TO | L_AID}, {"sends", "070", L_TO | L_AID},
    {"provided", "070", L_TO | L_AID}, {"provides", "070", L_TO | L_AID},
    {"supplied", "070", L_TO | L_OBJ | L_AID}, {"delivered", "070", L_TO | L_AID},
    {"donated", "070", L_TO | L_AID}, {"pledged", "070", L_TO | L_AID},
    /* yield */
    {"eased", "081", L_ON}, {"lifted", "081", L_ON},
    {"released", "084", L_OBJ}, {"release", "084", L_OBJ}, {"freed", "084", L_OBJ},
    {"withdrew", "087", L_OBJ}, {"withdraw", "087", L_OBJ}, {"withdraws", "087", L_OBJ},
    {"pulled back", "087", L_OBJ}, {"pulled out", "087", L_OBJ}, {"pull back", "087", L_OBJ},
    {"surrendered", "080", L_TO},
    /* investigate */
    {"investigated", "090", L_OBJ}, {"investigating", "090", L_OBJ}, {"probed", "090", L_OBJ},
    {"probing", "090", L_OBJ},
    /* demand */
    {"demanded", "100", L_OBJ}, {"demand", "100", L_OBJ},
    /* disapprove */
    {"criticized", "111", L_OBJ}, {"criticised", "111", L_OBJ}, {"criticizes", "111", L_OBJ},
    {"criticize", "111", L_OBJ}, {"condemn", "111", L_OBJ}, {"accuse", "112", L_OBJ},
    {"condemned", "111", L_OBJ}, {"condemns", "111", L_OBJ}, {"denounced", "111", L_OBJ},
    {"rebuked", "111", L_OBJ}, {"slammed", "111", L_OBJ}, {"blasted", "111", L_OBJ},
    {"accused", "112", L_OBJ}, {"accuses", "112", L_OBJ}, {"accusing", "112", L_OBJ}, {"blamed", "112", L_OBJ},
    {"blames", "112", L_OBJ},
    /* reject */
    {"rejected", "120", L_OBJ}, {"rejects", "120", L_OBJ}, {"reject", "120", L_OBJ},
    {"dismissed", "120", L_OBJ}, {"refused", "120", L_OBJ}, {"ruled out", "120", L_OBJ},
    {"vetoed", "120", L_OBJ}, {"turned down", "120", L_OBJ},
    /* threaten */
    {"threatened", "130", L_OBJ}, {"threatens", "130", L_OBJ}, {"threaten", "130", L_OBJ},
    /* protest */
    {"protested", "140", L_OBJ}, {"demonstrated", "140", L_OBJ}, {"boycotted", "140", L_OBJ},
    /* force posture */
    {"mobilized", "150", L_OBJ}, {"mobilised", "150", L_OBJ}, {"deployed", "150", L_TO},
    /* reduce relations */
    {"suspended", "160", L_WITH}, {"suspending", "160", L_WITH},
    {"closed", "163", L_OBJ | L_NEEDT}, {"closes", "163", L_OBJ | L_NEEDT}, {"severed", "160", L_WITH}, {"cut ties", "160", L_WITH},
    {"broke off", "160", L_WITH}, {"walked out", "160", 0},
    {"sanctioned", "163", L_OBJ}, {"imposed", "163", L_ON},
    /* coerce */
    {"seized", "171", L_OBJ}, {"confiscated", "171", L_OBJ},
    {"arrested", "173", L_OBJ}, {"detained", "173", L_OBJ}, {"jailed", "173", L_OBJ},
    {"expelled", "174", L_OBJ}, {"deported", "174", L_OBJ},
    /* assault and fight */
    {"abducted", "181", L_OBJ}, {"kidnapped", "181", L_OBJ},
    {"assassinated", "186", L_OBJ}, {"killed", "180", L_OBJ}, {"wounded", "180", L_OBJ},
    {"attacked", "190", L_OBJ}, {"attacks", "190", L_NOUN | L_ON}, {"attack", "190", L_NOUN | L_ON},
    {"invaded", "190", L_OBJ | L_PLACE}, {"clashed", "190", L_WITH | L_SYM},
    {"fought", "190", L_OBJ | L_WITH}, {"shelled", "194", L_OBJ | L_PLACE},
    {"bombed", "195", L_OBJ | L_PLACE}, {"bombarded", "195", L_OBJ | L_PLACE},
    {"airstrike", "195", L_NOUN | L_ON}, {"airstrikes", "195", L_NOUN | L_ON},
    {"massacred", "200", L_OBJ},
};

#define NLEX (sizeof(LEX) / sizeof(LEX[0]))

static const evt_lex *sorted[NLEX];
static pthread_once_t sort_once = PTHREAD_ONCE_INIT;

static int cmp_lex(const void *a, const void *b) {
    return strcmp((*(const evt_lex *const *)a)->w, (*(const evt_lex *const *)b)->w);
}

static void sort_lex(void) {
    for (size_t i = 0; i < NLEX; i++) sorted[i] = &LEX[i];
    qsort(sorted, NLEX, sizeof(sorted[0]), cmp_lex);
}

const evt_lex *evt_lex_find(const char *w) {
    pthread_once(&sort_once, sort_lex);
    size_t lo = 0, hi = NLEX;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(sorted[mid]->w, w);
        if (c == 0) return sorted[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* ------------------------------------------------------------------------
 * Small word classes
 * ---------------------------------------------------------------------- */

/* Word classes: each list is copied and sorted once (pthread_once), then
 * searched by bisection; these run for every token of every article. */
typedef struct {
    const char *const *src;
    size_t n;
    const char **sorted;
} wclass;

static int cmp_w(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int in(const wclass *c, const char *w) {
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int r = strcmp(c->sorted[mid], w);
        if (r == 0) return 1;
        if (r < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

static const char *const PREP[] = {
    "with", "of", "in", "at", "to", "for", "from", "by", "between", "on", "after", "before",
    "alongside", "against", "about", "including", "like", "following", "despite", "amid",
    "during", "since", "until", "than", "toward", "towards", "into", "onto", "over", "under",
    "among", "via", "per", "without", "involving", "beside", "besides", "near", "across", "behind",
};
static const char *const REPORT[] = {
    "said", "says", "say", "confirmed", "confirms", "announced", "announces", "reported",
    "reports", "noted", "notes", "added", "adds", "stated", "told", "tells", "believes",
    "revealed", "claimed", "claims", "insisted", "explained", "acknowledged", "highlighted",
    "stressed", "argued", "warned", "wrote", "writes", "tweeted", "posted", "posts",
    "suggested", "indicated", "hoped", "hopes", "expects", "expected", "thinks", "thought",
    "learned", "according", "shared", "emphasized", "emphasised", "recalled", "saying",
    "adding", "noting", "highlighting", "describing", "described",
};
static const char *const AUX[] = {
    "has", "have", "had", "was", "were", "is", "are", "be", "been", "being", "also", "later",
    "then", "previously", "again", "reportedly", "recently", "already", "just", "first",
    "earlier", "finally", "eventually", "quickly", "personally", "directly", "separately",
    "briefly", "formally", "officially", "jointly", "publicly", "privately", "once", "still",
    "never", "not", "n't", "did", "does", "do", "will", "would", "could", "can", "may",
    "might", "should", "must", "shall", "to",
};
static const char *const FUTURE[] = {
    "will", "would", "could", "may", "might", "shall", "plans", "plan", "planned",
    "planning", "intends", "intend", "intended", "expected", "set", "scheduled", "going",
    "proposed", "potential", "possible", "upcoming", "future", "next", "due", "hopes",
    "hope", "wants", "want", "arrange", "arranging", "arrangements", "organise", "organize",
    "organising", "organizing", "prepare", "preparing", "promised", "pledged", "vowed",
    "offered", "ready", "prepared", "willing",
};
static const char *const NEG[] = {"not", "n't", "never", "refused", "declined", "failed",
                                  "no", "nor"};
static const char *const LIGHT[] = {
    "held", "hold", "holds", "holding", "had", "have", "has", "having", "conducted",
    "began", "begin", "begins", "started", "start", "starts", "opened", "concluded",
    "made", "make", "makes", "paid", "pay", "pays", "announced", "announces",
};
static const char *const DEAL[] = {
    "agreement", "agreements", "deal", "deals", "accord", "accords", "treaty", "pact",
    "truce", "ceasefire", "cease-fire", "memorandum", "contract", "compromise", "settlement",
    "armistice", "protocol",
};
static const char *const AID[] = {
    "aid", "assistance", "weapons", "arms", "funds", "funding", "loans", "loan", "troops",
    "ammunition", "help", "support", "supplies", "food", "medicine", "equipment", "money",
    "relief", "grants", "missiles", "tanks", "vaccines", "fuel", "humanitarian",
};
static const char *const BE[] = {"was", "were", "been", "is", "are", "being", "be"};

#define WCLASS(list) {list, sizeof(list) / sizeof(list[0]), NULL}
enum { W_PREP, W_REPORT, W_AUX, W_FUTURE, W_NEG, W_LIGHT, W_DEAL, W_AID, W_BE, W_N };
static wclass WC[W_N] = {WCLASS(PREP),  WCLASS(REPORT), WCLASS(AUX),
                         WCLASS(FUTURE), WCLASS(NEG),   WCLASS(LIGHT),
                         WCLASS(DEAL),  WCLASS(AID),    WCLASS(BE)};
static const char *wc_store[sizeof(PREP) / sizeof(PREP[0]) + sizeof(REPORT) / sizeof(REPORT[0]) +
                            sizeof(AUX) / sizeof(AUX[0]) + sizeof(FUTURE) / sizeof(FUTURE[0]) +
                            sizeof(NEG) / sizeof(NEG[0]) + sizeof(LIGHT) / sizeof(LIGHT[0]) +
                            sizeof(DEAL) / sizeof(DEAL[0]) + sizeof(AID) / sizeof(AID[0]) +
                            sizeof(BE) / sizeof(BE[0])];
static pthread_once_t wc_once = PTHREAD_ONCE_INIT;

static void sort_classes(void) {
    size_t at = 0;
    for (int k = 0; k < W_N; k++) {
        WC[k].sorted = wc_store + at;
        memcpy(wc_store + at, WC[k].src, WC[k].n * sizeof(char *));
        qsort(wc_store + at, WC[k].n, sizeof(char *), cmp_w);
        at += WC[k].n;
    }
}

static int is(int k, const char *w) {
    pthread_once(&wc_once, sort_classes);
    return in(&WC[k], w);
}

int evt_is_prep(const char *w) { return is(W_PREP, w); }
int evt_is_report(const char *w) { return is(W_REPORT, w); }
int evt_is_aux(const char *w) { return is(W_AUX, w); }
int evt_is_future(const char *w) { return is(W_FUTURE, w); }
int evt_is_negation(const char *w) { return is(W_NEG, w); }
int evt_is_light(const char *w) { return is(W_LIGHT, w); }
int evt_is_deal(const char *w) { return is(W_DEAL, w); }
int evt_is_aid(const char *w) { return is(W_AID, w); }
int evt_is_be(const char *w) { return is(W_BE, w); }
