/* gen_corpus.c -- deterministic synthetic news corpus for the benchmarks
 * (bench/ingest, bench/cluster, bench/serve). Never used by the engine
 * itself.
 *
 *   gen_corpus N [SEED]     N articles as JSON Lines on standard output
 *   gen_corpus --stories N [SEED] [--gold FILE]
 *                           N articles in stories (see "Story mode" below;
 *                           bench/serve); the default output above is
 *                           unchanged by this mode
 *
 * Each line is one article object with the fields trilat models (id, title,
 * text, source, published, url) plus one it does not ("author", which ends
 * up in the article's `extra`). Texts are 1.5-5 KB (about 3 KB on
 * average) of English-looking news prose: sentences drawn from a
 * vocabulary of a few thousand words with Zipf-like frequencies, with
 * capitalized names and places, numbers, money, percentages, curly quotes
 * “ ”, em dashes and accented letters (é, ü, ø, ...), paragraphs separated
 * by "\n\n". About 1 % of the articles contain a decomposed accent
 * (e + U+0301) so the NFC path of normalization runs too, and a few titles
 * use JSON \u escapes.
 *
 * About 2 % of the articles are exact duplicates (same title, text, date,
 * outlet and author) of an earlier article under a new id and URL: trilat
 * records them as duplicates.
 *
 * Output depends only on N and SEED (default 1): the same arguments give
 * the same bytes on every machine. Article i is generated from its own
 * random stream, so a duplicate is produced by regenerating the original;
 * memory use is constant whatever N. Plain C17 + libm, no other deps.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Random numbers: splitmix64 (fast, good enough, trivially seedable)
 * ---------------------------------------------------------------------- */

typedef struct { uint64_t s; } rng_t;

static uint64_t rng_next(rng_t *r) {
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint32_t rng_below(rng_t *r, uint32_t n) {
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [0, 1). */
static double rng_unit(rng_t *r) {
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* True with probability pct/100. */
static int rng_pct(rng_t *r, uint32_t pct) { return rng_below(r, 100) < pct; }

/* An independent stream for (seed, article index, purpose). */
static rng_t rng_for(uint64_t seed, uint64_t index, uint64_t purpose) {
    rng_t r = {seed * 0xD1B54A32D192ED03ull ^ index * 0x9E3779B97F4A7C15ull ^
               purpose * 0xA24BAED4963EE407ull};
    rng_next(&r);
    return r;
}

/* ------------------------------------------------------------------------
 * Word lists
 * ---------------------------------------------------------------------- */

/* Function and very common words, roughly in order of frequency in news
 * prose: they take the top Zipf ranks. */
static const char *const COMMON[] = {
    "the", "of", "to", "and", "a", "in", "that", "for", "is", "on", "said",
    "with", "was", "it", "as", "by", "at", "he", "from", "his", "be", "has",
    "have", "an", "are", "not", "but", "they", "this", "who", "had", "were",
    "its", "will", "would", "been", "their", "which", "after", "more", "she",
    "or", "about", "one", "also", "up", "two", "new", "than", "year", "her",
    "we", "there", "when", "people", "out", "last", "over", "other", "into",
    "could", "all", "government", "first", "some", "can", "what", "no",
    "them", "years", "if", "police", "so", "minister", "state", "told",
    "time", "our", "three", "percent", "before", "most", "officials", "only",
    "him", "against", "week", "country", "because", "while", "since",
    "president", "may", "during", "where", "made", "under", "city", "now",
    "says", "any", "many", "should", "those", "such", "day", "back", "still",
    "part", "just", "through", "then", "between", "do", "how", "did", "well",
    "like", "even", "former", "national", "according", "told", "report",
    "public", "group", "million", "including", "month", "being", "officials",
    "company", "next", "law", "around", "court", "four", "both", "members",
    "security", "very", "much", "news", "local", "these", "whether", "own",
    "market", "party", "where", "support", "again", "take", "added", "early",
    "former", "war", "home", "without", "several", "long", "days", "health",
    "high", "make", "plan", "least", "already", "until", "another", "know",
    "second", "get", "part", "statement", "think", "say", "based", "called",
    "across", "see", "way", "five", "world", "deal", "percent", "later",
    "left", "among", "here", "region", "each", "off", "few", "same", "down",
    "expected", "foreign", "price", "prices", "work", "economy", "billion",
};

/* Content words: every one also appears with -s (or -es), -ed, -ing and
 * -er(s), which gives the vocabulary its few thousand forms. */
static const char *const STEMS[] = {
    "account", "act", "add", "address", "adopt", "advance", "affect", "aid",
    "aim", "alarm", "alert", "allow", "alter", "appeal", "approach", "arm",
    "arrest", "assess", "assist", "attack", "attempt", "attend", "award",
    "back", "balance", "ban", "bank", "bargain", "block", "board", "boost",
    "border", "borrow", "brand", "brief", "budget", "build", "burn", "call",
    "campaign", "cancel", "cap", "capital", "cash", "caution", "center",
    "chair", "challenge", "champion", "change", "charge", "chart", "check",
    "circle", "claim", "clash", "clear", "climb", "close", "coach", "collect",
    "comment", "commit", "compete", "complain", "concern", "conduct",
    "confirm", "conflict", "consider", "contact", "contain", "contest",
    "contract", "control", "convict", "cost", "count", "counter", "cover",
    "crash", "credit", "cross", "crowd", "cut", "damage", "debate", "decline",
    "defend", "delay", "deliver", "demand", "deny", "deploy", "design",
    "detail", "detain", "develop", "dismiss", "dispute", "document", "double",
    "draft", "drill", "drop", "earn", "ease", "edge", "effect", "elect",
    "employ", "end", "engage", "ensure", "enter", "estimate", "evacuate",
    "exchange", "exit", "expand", "expect", "export", "face", "fail", "fall",
    "farm", "fear", "feature", "field", "file", "fill", "finance", "fire",
    "fix", "flood", "focus", "follow", "force", "forecast", "form", "fund",
    "gain", "gather", "govern", "grant", "guard", "guide", "halt", "handle",
    "harm", "head", "hear", "help", "hire", "hit", "hold", "host", "house",
    "hunt", "impact", "import", "improve", "include", "increase", "injure",
    "insist", "inspect", "insure", "intend", "invest", "invite", "issue",
    "join", "judge", "jump", "keep", "kill", "land", "launch", "lead",
    "lease", "level", "license", "lift", "limit", "link", "list", "loan",
    "lobby", "lock", "mark", "market", "match", "measure", "meet", "mention",
    "merge", "monitor", "move", "name", "need", "negotiate", "note",
    "object", "offer", "open", "operate", "order", "oversee", "own", "pack",
    "pardon", "pass", "pay", "permit", "picture", "plan", "plant", "play",
    "pledge", "plunge", "point", "poll", "post", "pressure", "price",
    "print", "process", "produce", "profit", "project", "promise", "promote",
    "propose", "protect", "protest", "prove", "provide", "publish", "pull",
    "push", "question", "raid", "raise", "rally", "range", "rank", "rate",
    "reach", "react", "recall", "record", "recover", "reform", "refuse",
    "register", "reject", "release", "rely", "remain", "remark", "remove",
    "repair", "replace", "report", "request", "require", "rescue", "resign",
    "resist", "resolve", "respond", "rest", "result", "retire", "return",
    "reveal", "review", "rule", "rush", "sanction", "save", "schedule",
    "score", "screen", "search", "seat", "secure", "seek", "sell", "sentence",
    "serve", "settle", "share", "shift", "ship", "shock", "shoot", "show",
    "sign", "signal", "slip", "slow", "slump", "source", "spark", "speak",
    "spend", "spread", "staff", "stage", "stall", "start", "state", "station",
    "stay", "step", "stock", "stop", "store", "storm", "strain", "stress",
    "strike", "struggle", "study", "subsidize", "succeed", "suffer",
    "suggest", "supply", "support", "surge", "survey", "suspect", "suspend",
    "target", "tax", "test", "thank", "threaten", "top", "total", "trade",
    "trail", "train", "transfer", "travel", "treat", "trend", "trial",
    "trigger", "trust", "turn", "urge", "value", "visit", "vote", "walk",
    "want", "warn", "watch", "weigh", "welcome", "win", "withdraw", "witness",
    "work", "worry", "yield",
};

/* Words used as they are (adjectives, adverbs, nouns with odd plurals,
 * and a few loanwords with accents). */
static const char *const PLAIN[] = {
    "able", "according", "active", "actual", "additional", "administration",
    "agency", "agreement", "already", "although", "analysis", "annual",
    "anxious", "apparent", "approval", "authorities", "available", "average",
    "aware", "behind", "beyond", "broad", "business", "capacity", "careful",
    "central", "certain", "chief", "civil", "climate", "coastal", "committee",
    "common", "community", "complex", "congress", "constitutional",
    "council", "criminal", "crisis", "critical", "current", "data",
    "decision", "defense", "democratic", "department", "difficult",
    "digital", "diplomatic", "direct", "domestic", "economic", "education",
    "effective", "election", "electric", "emergency", "energy",
    "environmental", "especially", "european", "evidence", "executive",
    "federal", "final", "financial", "fiscal", "following", "formal",
    "further", "future", "general", "global", "grid", "growth", "heavy",
    "historic", "however", "human", "immediate", "important", "independent",
    "industry", "inflation", "infrastructure", "initial", "international",
    "investigation", "judicial", "key", "labor", "large", "late", "legal",
    "likely", "little", "main", "major", "medical", "military", "ministry",
    "modest", "municipal", "narrow", "nearly", "necessary", "nuclear",
    "official", "often", "ongoing", "opposition", "parliament", "partial",
    "pension", "perhaps", "policy", "political", "popular", "possible",
    "potential", "private", "prosecutors", "quarter", "quickly", "rapid",
    "recent", "regional", "regulators", "relief", "renewable", "residents",
    "responsible", "rural", "senior", "serious", "severe", "sharp",
    "significant", "similar", "social", "soon", "spokesperson", "stable",
    "strong", "sudden", "tariff", "technical", "temporary", "tension",
    "though", "today", "tomorrow", "transport", "unemployment", "union",
    "urban", "various", "wage", "weather", "wider", "within", "yesterday",
    "young", "café", "résumé", "naïve", "façade", "protégé", "exposé",
    "entrée", "fiancée", "décor", "rosé", "doppelgänger", "über",
};

/* More nouns, names of things and adjectives, used as they are. */
static const char *const NOUNS[] = {
    "accident", "activist", "airline", "airport", "alliance", "ambassador",
    "ammunition", "anniversary", "apartment", "architect", "army", "article",
    "assembly", "asylum", "athlete", "audience", "audit", "author",
    "autumn", "bail", "ballot", "barrel", "basin", "battery", "battle",
    "beach", "benefit", "bid", "bill", "bishop", "bond", "bottle", "bridge",
    "broadcast", "bureau", "cabinet", "canal", "candidate", "carbon",
    "cathedral", "ceasefire", "census", "ceremony", "child", "chemist",
    "church", "citizen", "coalition", "coast", "colleague", "column",
    "commission", "commuter", "compensation", "conference", "consumer",
    "corridor", "corruption", "county", "crew", "crop", "currency",
    "customer", "dam", "debt", "deficit", "delegation", "democracy",
    "deposit", "deputy", "detective", "diesel", "diplomat", "director",
    "disaster", "district", "doctor", "donor", "drought", "earthquake",
    "editor", "embassy", "engineer", "epidemic", "equipment", "estate",
    "factory", "family", "ferry", "festival", "fisher", "fleet",
    "football", "fortune", "freight", "fuel", "gallery", "garden", "gas",
    "generation", "governor", "grain", "harbor", "harvest", "headquarters",
    "highway", "hospital", "hostage", "household", "income", "inquiry",
    "insurance", "interest", "island", "journalist", "jury", "kingdom",
    "landlord", "lawmaker", "leader", "legislation", "library", "lithium",
    "livestock", "majority", "manager", "manufacturer", "mayor", "memorial",
    "merger", "migrant", "mine", "minority", "mortgage", "museum", "navy",
    "neighbor", "network", "newspaper", "nurse", "ocean", "officer",
    "oil", "orchestra", "outbreak", "owner", "parent", "passenger",
    "patient", "payment", "peace", "pilot", "pipeline", "platform",
    "pollution", "population", "port", "premier", "prison", "prisoner",
    "producer", "professor", "property", "prosecutor", "province",
    "railway", "referendum", "refinery", "refugee", "regime", "republic",
    "reservoir", "restaurant", "revenue", "river", "road", "satellite",
    "scandal", "school", "scientist", "season", "senator", "shareholder",
    "shelter", "shipyard", "shortage", "soldier", "stadium", "steel",
    "strategy", "student", "suburb", "summit", "surgeon", "teacher",
    "team", "telescope", "tenant", "territory", "theater", "tourism",
    "tourist", "tower", "traffic", "treasury", "treaty", "tribunal",
    "troop", "tunnel", "turbine", "university", "vaccine", "vehicle",
    "veteran", "victim", "village", "violence", "volunteer", "voter",
    "warehouse", "water", "wildfire", "winter", "wetland", "worker",
};

static const char *const FIRST[] = {
    "Anna", "James", "Maria", "John", "Sofia", "Michael", "Elena", "David",
    "Laura", "Daniel", "Sarah", "Thomas", "Emma", "Ahmed", "Olga", "Peter",
    "Fatima", "Lucas", "Hannah", "Mateo", "Chloé", "José", "Zoë", "Björn",
    "Renée", "François", "Jürgen", "Søren", "Łukasz", "Inés", "Mehmet",
    "Aoife", "Noémie", "Andrés", "Priya", "Kwame", "Yuki", "Ingrid", "Pablo",
    "Marta", "Viktor", "Nadia", "Tomás", "Leila", "Oskar", "Amélie",
    "Rafael", "Ewa", "Samuel", "Irene", "Hugo", "Clara", "Stefan", "Aisha",
    "Marco", "Helga", "Diego", "Lena", "Omar", "Greta",
};

static const char *const LAST[] = {
    "Smith", "Müller", "García", "Novak", "Rossi", "Kowalski", "Johnson",
    "Dubois", "Nuñez", "Dvořák", "Lefèvre", "Öztürk", "Kovačić", "Jensen",
    "Brontë", "O'Neill", "Petrov", "Fischer", "Martínez", "Schröder",
    "Andersson", "Costa", "Haddad", "Nakamura", "Okafor", "Varenko",
    "Ivanova", "Mendes", "Walsh", "Bauer", "Lindqvist", "Moreau", "Sørensen",
    "Gómez", "Weber", "Hoffmann", "Kaya", "Romano", "Silva", "Brennan",
    "Chen", "Park", "Singh", "Mensah", "Alvarez", "Horváth", "Nielsen",
    "Papadopoulos", "Janssen", "Wójcik", "Castillo", "Lambert", "Ferreira",
    "Kim", "Novák", "Dunne", "Berger", "Esposito", "Karlsson", "Tanaka",
    "Abebe", "Rahman", "Villeneuve", "Ødegaard", "Byrne", "Lopez",
    "Sandoval", "Quinn", "Halvorsen", "Marić", "Ruiz", "Zielińska",
};

static const char *const PLACES[] = {
    "Zürich", "São Paulo", "Kraków", "Montréal", "Düsseldorf", "Malmö",
    "Reykjavík", "Bogotá", "Genève", "Köln", "Brasília", "Nuuk", "Lyon",
    "Rotterdam", "Lisbon", "Vienna", "Nairobi", "Lagos", "Istanbul",
    "Seoul", "Osaka", "Toronto", "Chicago", "Denver", "Lima", "Santiago",
    "Oslo", "Helsinki", "Tallinn", "Riga", "Vilnius", "Athens", "Valencia",
    "Sevilla", "Porto", "Gdańsk", "Brno", "Ljubljana", "Zagreb", "Cádiz",
    "Tromsø", "Århus", "Northbridge", "Eastvale", "Port Merrow", "Kelvara",
};

static const char *const ORGS[] = {
    "the Ministry of Finance", "the central bank", "the city council",
    "the Supreme Court", "the European Commission", "the World Bank",
    "the national statistics office", "the Interior Ministry",
    "Varenko Holdings", "Northbridge Energy", "Halvorsen & Quinn",
    "the transport authority", "the health ministry", "the electoral board",
    "Kelvara Mining", "the port authority", "the teachers' union",
    "the chamber of commerce", "Société Générale des Eaux",
    "the Federal Reserve", "the United Nations", "the coast guard",
    "the energy regulator", "Müller & Söhne", "the opposition party",
};

static const char *const ROLES[] = {
    "a spokesperson for", "the chief executive of", "an analyst at",
    "the head of", "a senior official at", "a lawyer for", "an adviser to",
    "the deputy director of", "a researcher at", "the chair of",
};

static const char *const MONTHS[] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
};

static const char *const UNITS[] = {"million", "billion", "thousand"};
static const char *const CURRENCIES[] = {"$", "€", "£", "CHF "};

/* Invented outlets: name, domain, UTC offset in minutes, date style. */
typedef struct {
    const char *name, *domain;
    int offset_min;
    int style;          /* 0: +hh:mm, 1: Z (UTC), 2: .mmm+hh:mm */
} outlet_t;

static const outlet_t OUTLETS[] = {
    {"The Northbridge Courier", "northbridgecourier.example", 0, 1},
    {"Daily Meridian", "dailymeridian.example", -300, 0},
    {"Le Quotidien du Rhône", "quotidien-rhone.example", 60, 0},
    {"Münchner Abendpost", "abendpost.example", 60, 2},
    {"Harbor Ledger", "harborledger.example", -240, 0},
    {"The Eastvale Standard", "eastvale-standard.example", 0, 0},
    {"Port Merrow Gazette", "pmgazette.example", 600, 0},
    {"The Kelvara Times", "kelvaratimes.example", 180, 1},
    {"Nordic Wire", "nordicwire.example", 60, 0},
    {"Pacific Dispatch", "pacificdispatch.example", -480, 0},
    {"The Morning Ledger", "morningledger.example", -300, 2},
    {"Agência Atlântica", "atlantica.example", -180, 0},
    {"Westbrook Herald", "westbrookherald.example", -360, 0},
    {"The Civic Observer", "civicobserver.example", 0, 1},
    {"Riverside Post", "riversidepost.example", -300, 0},
    {"The Capital Review", "capitalreview.example", 60, 0},
    {"Highland Chronicle", "highlandchronicle.example", 0, 0},
    {"Delta Business Daily", "deltabusiness.example", 330, 0},
    {"The Continental", "thecontinental.example", 120, 2},
    {"Sunrise Bulletin", "sunrisebulletin.example", 540, 0},
    {"Coastline News", "coastlinenews.example", -420, 0},
    {"The Metropolitan Record", "metrorecord.example", -300, 1},
    {"Baltic Courier", "balticcourier.example", 120, 0},
    {"Iberia Hoy", "iberiahoy.example", 60, 0},
    {"The Alpine Report", "alpinereport.example", 60, 0},
    {"Savannah Tribune", "savannahtribune.example", 180, 0},
    {"Southern Cross Daily", "southerncross.example", 600, 2},
    {"The Prairie Voice", "prairievoice.example", -360, 0},
    {"Lakeside Monitor", "lakesidemonitor.example", -300, 0},
    {"Orient Weekly Online", "orientweekly.example", 480, 0},
    {"The Gulf Observer", "gulfobserver.example", 240, 0},
    {"Mountain States Wire", "mswire.example", -420, 1},
    {"The Danube Post", "danubepost.example", 60, 0},
    {"Crescent City Times", "crescentcity.example", -360, 0},
    {"The Fjord Gazette", "fjordgazette.example", 60, 0},
    {"Aegean Today", "aegeantoday.example", 120, 0},
    {"Andes Correo", "andescorreo.example", -300, 0},
    {"The Island Mirror", "islandmirror.example", -240, 2},
    {"Greenfield Examiner", "greenfieldexaminer.example", 0, 0},
    {"Capital Wire Service", "capitalwire.example", 0, 1},
    {"The Evening Sentinel", "eveningsentinel.example", -300, 0},
    {"Sahel Express", "sahelexpress.example", 0, 0},
    {"The Tasman Review", "tasmanreview.example", 720, 0},
    {"Vltava Daily", "vltavadaily.example", 60, 0},
    {"The Border Herald", "borderherald.example", -360, 0},
    {"Kiwi Ledger", "kiwiledger.example", 780, 0},
    {"The Hanseatic Journal", "hanseatic.example", 60, 2},
    {"Maple Leaf Record", "mapleleafrecord.example", -240, 0},
    {"Bosphorus Bulletin", "bosphorus.example", 180, 0},
    {"The Valley Independent", "valleyindependent.example", -480, 1},
    {"Lusitania Notícias", "lusitania.example", 0, 0},
    {"The Midland Enquirer", "midlandenquirer.example", 0, 0},
};

#define COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

/* ------------------------------------------------------------------------
 * Vocabulary with Zipf-like frequencies
 * ---------------------------------------------------------------------- */

#define MAX_VOCAB 8192
#define WORD_MAX 32
#define ZIPF_BITS 18

typedef struct {
    char s[WORD_MAX];
    unsigned char len;
} word_t;

static word_t VOCAB[MAX_VOCAB];
static uint32_t NVOCAB;
static uint16_t ZIPF[1u << ZIPF_BITS];   /* uniform slot -> vocabulary rank */

static void vocab_add(const char *w) {
    size_t n = strlen(w);
    if (NVOCAB >= MAX_VOCAB || n == 0 || n >= WORD_MAX) return;
    for (uint32_t i = 0; i < NVOCAB; i++)      /* once each (init only) */
        if (VOCAB[i].len == n && memcmp(VOCAB[i].s, w, n) == 0) return;
    memcpy(VOCAB[NVOCAB].s, w, n + 1);
    VOCAB[NVOCAB].len = (unsigned char)n;
    NVOCAB++;
}

static int ends(const char *w, size_t n, const char *suf) {
    size_t k = strlen(suf);
    return n >= k && memcmp(w + n - k, suf, k) == 0;
}

static int is_vowel(char c) { return strchr("aeiou", c) != NULL; }

/* Regular-looking inflections of a stem ("report" -> "reports",
 * "reported", "reporting"). Good enough to look like English. */
static void inflect(const char *stem, char *s_form, char *ed_form, char *ing_form) {
    size_t n = strlen(stem);
    char last = stem[n - 1];
    if (ends(stem, n, "s") || ends(stem, n, "sh") || ends(stem, n, "ch") ||
        ends(stem, n, "x") || ends(stem, n, "z"))
        snprintf(s_form, WORD_MAX, "%ses", stem);
    else if (last == 'y' && !is_vowel(stem[n - 2]))
        snprintf(s_form, WORD_MAX, "%.*sies", (int)(n - 1), stem);
    else
        snprintf(s_form, WORD_MAX, "%s", stem);
    if (s_form[strlen(s_form) - 1] != 's') strcat(s_form, "s");

    if (last == 'e') {
        snprintf(ed_form, WORD_MAX, "%sd", stem);
        snprintf(ing_form, WORD_MAX, "%.*sing", (int)(n - 1), stem);
    } else if (last == 'y' && !is_vowel(stem[n - 2])) {
        snprintf(ed_form, WORD_MAX, "%.*sied", (int)(n - 1), stem);
        snprintf(ing_form, WORD_MAX, "%sing", stem);
    } else if (n >= 3 && n <= 4 && !is_vowel(last) && last != 'w' && last != 'x' &&
               last != 'y' && is_vowel(stem[n - 2]) && !is_vowel(stem[n - 3])) {
        snprintf(ed_form, WORD_MAX, "%s%ced", stem, last);      /* ban -> banned */
        snprintf(ing_form, WORD_MAX, "%s%cing", stem, last);
    } else {
        snprintf(ed_form, WORD_MAX, "%sed", stem);
        snprintf(ing_form, WORD_MAX, "%sing", stem);
    }
}

static void vocab_init(void) {
    for (uint32_t i = 0; i < COUNT(COMMON); i++) vocab_add(COMMON[i]);
    /* Interleave the content forms so that ranks mix stems and forms. */
    char s_form[WORD_MAX], ed_form[WORD_MAX], ing_form[WORD_MAX];
    for (uint32_t i = 0; i < COUNT(STEMS); i++) vocab_add(STEMS[i]);
    for (uint32_t i = 0; i < COUNT(PLAIN); i++) vocab_add(PLAIN[i]);
    for (uint32_t i = 0; i < COUNT(NOUNS); i++) vocab_add(NOUNS[i]);
    for (uint32_t i = 0; i < COUNT(STEMS); i++) {
        inflect(STEMS[i], s_form, ed_form, ing_form);
        vocab_add(s_form);
        vocab_add(ed_form);
    }
    for (uint32_t i = 0; i < COUNT(STEMS); i++) {
        inflect(STEMS[i], s_form, ed_form, ing_form);
        vocab_add(ing_form);
    }
    for (uint32_t i = 0; i < COUNT(NOUNS); i++) {
        inflect(NOUNS[i], s_form, ed_form, ing_form);
        vocab_add(s_form);
    }
    for (uint32_t i = 0; i < COUNT(STEMS); i++) {   /* reporter(s), builder(s) */
        char er[WORD_MAX + 4];
        size_t n = strlen(STEMS[i]);
        snprintf(er, sizeof(er), "%s%s", STEMS[i], STEMS[i][n - 1] == 'e' ? "r" : "er");
        vocab_add(er);
        strcat(er, "s");
        vocab_add(er);
    }
    /* Zipf (s = 1) over ranks, through an inverse-CDF lookup table. */
    double total = 0;
    for (uint32_t r = 0; r < NVOCAB; r++) total += 1.0 / pow(r + 2.0, 1.0);
    double cum = 0;
    uint32_t r = 0;
    double next = 1.0 / 2.0 / total;
    for (uint32_t k = 0; k < (1u << ZIPF_BITS); k++) {
        double u = (k + 0.5) / (double)(1u << ZIPF_BITS);
        while (r + 1 < NVOCAB && u > cum + next) {
            cum += next;
            r++;
            next = 1.0 / pow(r + 2.0, 1.0) / total;
        }
        ZIPF[k] = (uint16_t)r;
    }
}

static const word_t *zipf_word(rng_t *r) {
    return &VOCAB[ZIPF[rng_next(r) >> (64 - ZIPF_BITS)]];
}

/* ------------------------------------------------------------------------
 * Output buffers (text is written JSON-escaped as it is produced: the only
 * characters needing escapes are the ones we put in on purpose)
 * ---------------------------------------------------------------------- */

#define FIELD_CAP 16384
#define OUT_CAP (4u << 20)

typedef struct {
    char p[FIELD_CAP];
    size_t len;
} field_t;

static void put(field_t *f, const char *s, size_t n) {
    if (f->len + n >= FIELD_CAP) return;     /* cannot happen: texts < 6 KB */
    memcpy(f->p + f->len, s, n);
    f->len += n;
}

static void puts_(field_t *f, const char *s) { put(f, s, strlen(s)); }

static void putc_(field_t *f, char c) {
    if (f->len + 1 < FIELD_CAP) f->p[f->len++] = c;
}

static void put_num(field_t *f, unsigned long v) {
    char tmp[24];
    int n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) putc_(f, tmp[--n]);
}

/* 12345 -> "12,345" */
static void put_grouped(field_t *f, unsigned long v) {
    char tmp[32];
    int n = 0, d = 0;
    do {
        if (d && d % 3 == 0) tmp[n++] = ',';
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
        d++;
    } while (v);
    while (n) putc_(f, tmp[--n]);
}

static void put_cap(field_t *f, const char *s, size_t n) {
    size_t at = f->len;
    put(f, s, n);
    if (f->len > at && f->p[at] >= 'a' && f->p[at] <= 'z') f->p[at] = (char)(f->p[at] - 32);
}

/* ------------------------------------------------------------------------
 * Prose
 * ---------------------------------------------------------------------- */

static void put_name(field_t *f, rng_t *r) {
    puts_(f, FIRST[rng_below(r, COUNT(FIRST))]);
    putc_(f, ' ');
    puts_(f, LAST[rng_below(r, COUNT(LAST))]);
}

static void put_number(field_t *f, rng_t *r) {
    switch (rng_below(r, 6)) {
    case 0:     /* 3.4 percent */
        put_num(f, rng_below(r, 40));
        putc_(f, '.');
        put_num(f, rng_below(r, 10));
        puts_(f, " percent");
        break;
    case 1:     /* $1.2 billion */
        puts_(f, CURRENCIES[rng_below(r, COUNT(CURRENCIES))]);
        put_num(f, 1 + rng_below(r, 900));
        if (rng_pct(r, 50)) { putc_(f, '.'); put_num(f, rng_below(r, 10)); }
        putc_(f, ' ');
        puts_(f, UNITS[rng_below(r, COUNT(UNITS))]);
        break;
    case 2:     /* 12,400 */
        put_grouped(f, 1000 + rng_below(r, 2000000));
        break;
    case 3:     /* in March 2024 */
        puts_(f, MONTHS[rng_below(r, 12)]);
        putc_(f, ' ');
        put_num(f, 2015 + rng_below(r, 11));
        break;
    default:    /* 27 */
        put_num(f, 2 + rng_below(r, 98));
        break;
    }
}

/* n words of running prose: mostly vocabulary words, with names, places,
 * organizations, numbers and commas sprinkled in. */
static void put_words(field_t *f, rng_t *r, int n, int capitalize) {
    const word_t *prev = NULL;
    for (int i = 0; i < n; i++) {
        /* One draw per word: bits 63-46 pick the word (Zipf), 45-36 what
         * kind of token, 35-29 whether a comma precedes it. */
        uint64_t x = rng_next(r);
        if (i) {
            if (((x >> 29) & 127) < 9 && i + 2 < n) putc_(f, ',');
            putc_(f, ' ');
        }
        uint32_t k = (uint32_t)(x >> 36) & 1023;
        if (k < 26) { put_name(f, r); continue; }
        if (k < 41) { puts_(f, PLACES[rng_below(r, COUNT(PLACES))]); continue; }
        if (k < 51 && i) { puts_(f, ORGS[rng_below(r, COUNT(ORGS))]); continue; }
        if (k < 77 && i) { put_number(f, r); continue; }
        const word_t *w = &VOCAB[ZIPF[x >> (64 - ZIPF_BITS)]];
        if (w == prev) w = zipf_word(r);
        prev = w;
        if (i == 0 && capitalize) put_cap(f, w->s, w->len);
        else put(f, w->s, w->len);
    }
}

static void put_sentence(field_t *f, rng_t *r, int decomposed) {
    uint32_t kind = rng_below(r, 100);
    int n = 6 + (int)rng_below(r, 18);
    if (kind < 18) {                /* “...,” said Name, role org. */
        puts_(f, "“");
        put_words(f, r, n, 1);
        puts_(f, ",” said ");
        put_name(f, r);
        puts_(f, ", ");
        puts_(f, ROLES[rng_below(r, COUNT(ROLES))]);
        putc_(f, ' ');
        puts_(f, ORGS[rng_below(r, COUNT(ORGS))]);
        putc_(f, '.');
    } else if (kind < 26) {         /* Name, role org, said ... */
        put_name(f, r);
        puts_(f, ", ");
        puts_(f, ROLES[rng_below(r, COUNT(ROLES))]);
        putc_(f, ' ');
        puts_(f, ORGS[rng_below(r, COUNT(ORGS))]);
        puts_(f, ", said ");
        put_words(f, r, n, 0);
        putc_(f, '.');
    } else if (kind < 36) {         /* ... — ... */
        put_words(f, r, n / 2 + 2, 1);
        puts_(f, " — ");
        put_words(f, r, n / 2 + 1, 0);
        putc_(f, '.');
    } else if (kind < 40) {         /* a question, or ASCII-quoted title */
        put_words(f, r, n, 1);
        if (rng_pct(r, 50)) putc_(f, '?');
        else {
            puts_(f, " in \\\"");
            put_words(f, r, 3, 1);
            puts_(f, "\\\".");
        }
    } else {
        put_words(f, r, n, 1);
        putc_(f, '.');
    }
    if (decomposed && rng_pct(r, 10)) puts_(f, " Cafe\xCC\x81 owners agreed.");
}

/* ------------------------------------------------------------------------
 * Articles
 * ---------------------------------------------------------------------- */

typedef struct {
    field_t title, text, author;
    char published[48];
    char date_path[16];    /* 2025/03/14 for the URL */
    uint32_t outlet;
} article_t;

/* 2025-03-01T00:00:00Z: the corpus spans the 30 days from there. */
#define EPOCH_START 1740787200L
#define SPAN_SECONDS (30L * 86400L)

static void civil_from_days(long z, int *y, int *m, int *d) {
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Write UTC time `utc` as the outlet of `a` writes dates (its zone and
 * style; style 2 draws milliseconds from r). */
static void format_date(article_t *a, rng_t *r, long utc) {
    const outlet_t *o = &OUTLETS[a->outlet];
    int off = o->style == 1 ? 0 : o->offset_min;
    long local = utc + off * 60L;
    long days = local / 86400, sec = local % 86400;
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    int hh = (int)(sec / 3600), mi = (int)(sec / 60 % 60), ss = (int)(sec % 60);
    char zone[16];
    if (o->style == 1) snprintf(zone, sizeof(zone), "Z");
    else
        snprintf(zone, sizeof(zone), "%c%02d:%02d", off < 0 ? '-' : '+',
                 abs(off) / 60, abs(off) % 60);
    if (o->style == 2)
        snprintf(a->published, sizeof(a->published),
                 "%04d-%02d-%02dT%02d:%02d:%02d.%03u%s", y, m, d, hh, mi, ss,
                 rng_below(r, 1000), zone);
    else
        snprintf(a->published, sizeof(a->published), "%04d-%02d-%02dT%02d:%02d:%02d%s",
                 y, m, d, hh, mi, ss, zone);
    snprintf(a->date_path, sizeof(a->date_path), "%04d/%02d/%02d", y, m, d);
}

static void make_date(article_t *a, rng_t *r) {
    format_date(a, r, EPOCH_START + (long)(rng_unit(r) * SPAN_SECONDS));
}

/* Triangular distribution on [lo, hi] with mode c. */
static double triangular(rng_t *r, double lo, double c, double hi) {
    double u = rng_unit(r), fc = (c - lo) / (hi - lo);
    return u < fc ? lo + sqrt(u * (hi - lo) * (c - lo))
                  : hi - sqrt((1 - u) * (hi - lo) * (hi - c));
}

/* Generate the content of article `content` (everything but id and URL). */
static void make_article(article_t *a, uint64_t seed, uint64_t content) {
    rng_t r = rng_for(seed, content, 1);
    a->title.len = a->text.len = a->author.len = 0;
    a->outlet = rng_below(&r, COUNT(OUTLETS));
    make_date(a, &r);
    put_name(&a->author, &r);

    /* Title: a short capitalized line, sometimes with a JSON \u escape. */
    put_words(&a->title, &r, 5 + (int)rng_below(&r, 8), 1);
    uint32_t t = rng_below(&r, 100);
    if (t < 5) puts_(&a->title, " \\u2014 caf\\u00e9 owners react");
    else if (t < 15) { puts_(&a->title, " in "); puts_(&a->title, PLACES[rng_below(&r, COUNT(PLACES))]); }

    /* Text: a dateline, then paragraphs of 1-5 sentences. */
    size_t target = (size_t)triangular(&r, 1500, 2700, 4750);
    int decomposed = rng_pct(&r, 1);
    field_t *f = &a->text;
    puts_(f, PLACES[rng_below(&r, COUNT(PLACES))]);
    puts_(f, " — ");
    for (int para = 0; f->len < target; para++) {
        if (para) puts_(f, "\\n\\n");
        int sentences = 1 + (int)rng_below(&r, 5);
        for (int s = 0; s < sentences && f->len < target; s++) {
            if (s) putc_(f, ' ');
            put_sentence(f, &r, decomposed);
        }
    }
}

/* Article i is a duplicate of an earlier one? Returns the index whose
 * content it repeats (i itself when it is an original). */
static uint64_t content_of(uint64_t seed, uint64_t i) {
    while (i >= 10) {
        rng_t r = rng_for(seed, i, 2);
        if (!rng_pct(&r, 2)) break;
        i = rng_next(&r) % i;          /* an earlier article (maybe a dup) */
    }
    return i;
}

static char OUT[OUT_CAP + 65536];
static size_t OUTLEN;

static int flush_out(void) {
    if (OUTLEN && fwrite(OUT, 1, OUTLEN, stdout) != OUTLEN) return -1;
    OUTLEN = 0;
    return 0;
}

static void out_put(const char *s, size_t n) {
    memcpy(OUT + OUTLEN, s, n);
    OUTLEN += n;
}

static void out_str(const char *s) { out_put(s, strlen(s)); }

static void write_article(const article_t *a, uint64_t i) {
    char id[32];
    snprintf(id, sizeof(id), "art-%08llu", (unsigned long long)i);
    const outlet_t *o = &OUTLETS[a->outlet];
    out_str("{\"id\":\"");
    out_str(id);
    out_str("\",\"title\":\"");
    out_put(a->title.p, a->title.len);
    out_str("\",\"text\":\"");
    out_put(a->text.p, a->text.len);
    out_str("\",\"source\":\"");
    out_str(o->name);
    out_str("\",\"published\":\"");
    out_str(a->published);
    out_str("\",\"url\":\"https://www.");
    out_str(o->domain);
    out_str("/");
    out_str(a->date_path);
    out_str("/");
    out_str(id);
    out_str("\",\"author\":\"");
    out_put(a->author.p, a->author.len);
    out_str("\"}\n");
}

/* ========================================================================
 * Story mode: gen_corpus --stories N [SEED] [--gold FILE]
 *
 * Articles come in story groups of 1-12 (P(size k) ~ k^-1.2: many
 * singletons and pairs, a few big stories; mean ~3.4 articles). A group
 * has its own invented people (with titles), places, countries and
 * organizations, a kind of event (a takeover, talks between leaders, a
 * strike, a disaster, a court case, an election, a rate decision), ten
 * topic words, a money amount, a count and a percentage, two or three
 * statements that several outlets quote, and a start time spread over the
 * 30 days; its articles are published within ~40 hours of it, by distinct
 * outlets, and the whole corpus is written in publication order. Every
 * article's text is its own draw (lead, event sentences, fact sentences
 * with hedged or, in a quarter of the groups, conflicting figures, quotes
 * direct and reported, background prose); 2 % are exact duplicates and
 * 5 % near-duplicates (a wire copy: same text shortened, new title) of an
 * earlier article of their group. --gold FILE writes {"id", "cluster"}
 * lines for `trilat eval clusters --gold FILE`.
 *
 * Memory: 12 bytes per article (the publication order is sorted up front).
 * ===================================================================== */

static const char *const SYL[] = {
    "ka", "ve", "lo", "mar", "dra", "no", "ri", "sel", "ta", "bor", "vin", "al",
    "er", "gu", "ha", "is", "jo", "ke", "len", "mi", "nor", "os", "pe", "ra",
    "san", "tor", "ul", "va", "wen", "ya", "zo", "bel", "cor", "dan", "fen", "gal",
    "hol", "ith", "kar", "lis", "mon", "nev", "orl", "pra", "quin", "ros", "sta", "tiv",
};
static const char *const SURNAME_END[] = {
    "ov", "ek", "sen", "ski", "ano", "ez", "ić", "ard", "ley", "er", "in", "a",
    "o", "berg", "ova", "ani",
};
static const char *const PLACE_END[] = {
    "grad", "stad", "ton", "mouth", "ia", "a", "heim", "burg", "vik", "port",
    "field", "ova", "by", "ora", "sund", "dale",
};
static const char *const COUNTRY_END[] = {"ia", "land", "stan", "ova", "ar", "esh", "ania", "ur"};
static const char *const COMPANY_END[] = {
    "Holdings", "Energy", "Shipping", "Bank", "Airlines", "Mining", "Telecom", "Motors",
    "Pharmaceuticals", "Foods", "Steel", "Logistics", "Insurance", "Media", "Capital", "Rail",
};
static const char *const HAZARDS[] = {
    "flood", "wildfire", "earthquake", "landslide", "storm", "chemical spill", "heatwave",
};
static const char *const WEEKDAYS[] = {
    "Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday",
};

/* Templates. Placeholders: {o0}-{o2} organizations, {p0}-{p3} people (the
 * first mention in an article with title and first name, then the last
 * name), {l0}-{l3} last names, {P} {Q} places, {C} {K} countries, {D} the
 * event's weekday, {M} money, {N} count with its noun, {R} percentage,
 * {t} a topic word, {H} the hazard, {w} a few words of prose. */
typedef struct {
    const char *org[3][3];     /* organization name formats (three per slot; %s: invented word,
                                  second %s: a company suffix) */
    const char *role[4][2];    /* titles before a person's name (two per person) */
    const char *event[4];      /* {E}: what the story is about */
    const char *count_noun[4]; /* {n} */
    int money_unit;            /* 0 million, 1 billion */
    const char *title[4], *lead[3], *fact[3], *action[4];
} kind_t;

static const kind_t KINDS[] = {
    {   /* takeover */
        {{"%s %s", "%s %s", "%s Group"}, {"%s %s", "%s %s", "%s Industries"},
         {"%s Capital", "%s Securities", "%s Partners"}},
        {{"{o0} chief executive", "{o0} founder"}, {"{o1} chairman", "{o1} finance director"},
         {"{o2} analyst", "{o2} strategist"}, {"{C} Competition Commissioner", "{C} Economy Minister"}},
        {"takeover", "merger", "acquisition", "buyout"},
        {"employees", "jobs", "staff", "stores"}, 1,
        {"{o0} to buy {o1} in {M} {E}", "{o0} agrees {M} {E} of {o1}",
         "{o1} shareholders back {o0} {E}", "Regulators in {C} to review {o0} {E} of {o1}"},
        {"{o0} has agreed to buy {o1} for {M}, the two companies said on {D}, in a {E} that would create the largest {t} group in {C}.",
         "{o0} said on {D} it had agreed to acquire its rival {o1} for {M} in cash and shares.",
         "{p0} said on {D} that {o0} would buy {o1} for {M}, ending months of talks between the two {t} companies."},
        {"The {E} values {o1} at {M}, a premium of {R} over its {t} price.",
         "The combined company would have {N} in {C} and abroad.",
         "Shares in {o1} rose {R} in {P} after the announcement."},
        {"{p3} said regulators would investigate the {E} before it could close.",
         "{p2} warned that {o0} would have to sell its {t} business in {Q} to win approval.",
         "{p1} welcomed the {E} and urged shareholders to accept it.",
         "Unions at {o1} criticized {o0} over plans to cut {N}."},
    },
    {   /* talks between leaders */
        {{"the %s Foreign Ministry", "the %s Embassy", "the %s Mission"},
         {"the %s Institute", "the %s Council", "the %s Forum"},
         {"the %s Commission", "the %s Agency", "the %s Office"}},
        {{"President", "{C} President"}, {"{K} Prime Minister", "{K} Chancellor"},
         {"Foreign Minister", "Defense Minister"}, {"special envoy", "mediator"}},
        {"summit", "meeting", "round of talks", "conference"},
        {"troops", "soldiers", "refugees", "prisoners"}, 0,
        {"{l0} and {l1} agree to {E} in {P}", "{l0} meets {l1} in {P} as {t} dispute drags on",
         "{C} and {K} hold {E} on {t} and {t}", "{C} to pull back {n} from {K} border, {l0} says"},
        {"{p0} met {p1} in {P} on {D}, the first {E} between the leaders of {C} and {K} since the {t} dispute began.",
         "{p0} and {p1} agreed on {D} to hold a {E} in {P} within two weeks.",
         "{p0} called {p1} on {D} to discuss the {t} crisis, officials in {C} said."},
        {"Both sides agreed to withdraw {N} from the border before the {E}.",
         "Trade between {C} and {K} fell {R} last year, to {M}.",
         "{C} has offered {M} in aid for the {t} region."},
        {"{p2} said the {E} in {P} had been arranged with the help of {p3}.",
         "{p3} visited {K} on {D} and met officials at {o0}.",
         "Opposition leaders in {K} criticized {l1} for agreeing to the {E}.",
         "{l0} invited {l1} to {Q} for another {E}."},
    },
    {   /* strike */
        {{"%s %s", "%s %s", "%s Works"},
         {"%s Workers' Union", "%s Labour Federation", "%s Transport Union"},
         {"%s Employers' Association", "%s Chamber of Industry", "%s Business Council"}},
        {{"{o1} leader", "{o1} general secretary"}, {"{o0} chief executive", "{o0} managing director"},
         {"Labor Minister", "Employment Minister"}, {"{o0} spokesperson", "{o2} president"}},
        {"strike", "walkout", "stoppage", "industrial action"},
        {"workers", "drivers", "dockers", "nurses"}, 0,
        {"{E} at {o0} spreads to {P}", "{o1} threatens wider {E} at {o0}",
         "{n} walk out at {o0} over {t} and pay", "{o0} talks with union collapse in {P}"},
        {"More than {N} at {o0} walked out on {D}, demanding a pay rise of {R} and better {t} conditions.",
         "The {o1} threatened {o0} with a {E} at its {P} plant on {D} after talks on wages collapsed.",
         "{p0} said on {D} that {N} would stop work at {o0} unless the company raised its offer."},
        {"The union is demanding a pay rise of {R}, twice what the company has offered.",
         "{N} joined the {E} in {P} and {Q}, the union said.",
         "The {E} is costing {o0} about {M} a week, according to analysts."},
        {"{p2} urged both sides to return to negotiations.",
         "{p1} rejected the demands of the {o1} as unaffordable.",
         "Police detained several protesters outside the {o0} plant in {P} on {D}.",
         "{p3} said the company had offered to meet the union in {Q}."},
    },
    {   /* disaster */
        {{"the %s Relief Agency", "the %s Civil Protection Service", "the %s Emergency Authority"},
         {"%s Chemicals", "%s %s", "%s Utilities"},
         {"the %s Red Cross", "the %s Aid Foundation", "the %s Volunteer Corps"}},
        {{"Mayor", "{P} Mayor"}, {"{C} Interior Minister", "{C} Prime Minister"},
         {"Governor", "regional Governor"}, {"{o0} director", "{o2} coordinator"}},
        {"disaster", "emergency", "evacuation", "crisis"},
        {"residents", "people", "families", "villagers"}, 0,
        {"{H} forces thousands from homes in {P}", "{P} {H}: {N} evacuated",
         "Rescue teams search for survivors after {H} in {P}", "{C} sends troops to {P} after {H}"},
        {"{N} were evacuated from {P} on {D} after a {H} swept through the {t} district, officials said.",
         "Rescue teams in {P} searched for survivors on {D} after a {H} destroyed homes and cut power to {N}.",
         "A {H} hit {P} on {D}, forcing {N} from their homes and closing the road to {Q}."},
        {"Damage from the {H} was estimated at {M}.",
         "{N} spent the night in emergency shelters in {Q}.",
         "Officials said {R} of the homes in the district had been damaged."},
        {"{p0} visited the shelters on {D} and praised the volunteers.",
         "{C} deployed soldiers to {P} to help with the {E}, {p1} said.",
         "{p2} criticized {o1} for failing to warn residents.",
         "{p3} said the agency had sent food and water to {Q}."},
    },
    {   /* court case */
        {{"%s Finance", "%s %s", "%s Investments"},
         {"the %s District Court", "the %s High Court", "the %s Criminal Court"},
         {"%s Partners", "%s Audit", "%s Advisory"}},
        {{"former {o0} chief executive", "former {o0} chairman"}, {"Judge", "presiding Judge"},
         {"prosecutor", "chief prosecutor"}, {"defense lawyer", "attorney"}},
        {"fraud", "embezzlement", "bribery", "money laundering"},
        {"investors", "savers", "clients", "pensioners"}, 1,
        {"Former {o0} boss {l0} charged with {E}", "{l0} {E} trial opens in {P}",
         "Prosecutors accuse {l0} of hiding {M} losses", "{n} sue {o0} over {t} scandal"},
        {"Prosecutors in {P} accused {p0} of {E} on {D}, saying {o0} had hidden losses of {M} from investors.",
         "Police in {P} arrested {p0} on {D} as part of an investigation into the {t} accounts of {o0}.",
         "{p0} appeared before {o1} on {D} charged with {E} over the collapse of {o0}."},
        {"{N} lost money when {o0} collapsed, according to the indictment.",
         "The alleged losses amount to {M}, prosecutors said.",
         "Shares in {o0} have fallen {R} since the investigation began."},
        {"{p1} released {l0} on bail and set the trial for next month in {Q}.",
         "{p3} denied the charges and said {l0} would fight them in court.",
         "{p2} said more arrests could follow.",
         "{p3} accused prosecutors of leaking documents from {o2}."},
    },
    {   /* election */
        {{"%s Party", "%s People's Party", "%s Democratic Union"},
         {"%s Alliance", "%s Movement", "%s Front"},
         {"the %s Electoral Commission", "the %s Election Board", "the %s Monitoring Mission"}},
        {{"{o0} leader", "{o0} candidate"}, {"{o1} leader", "{o1} chairman"},
         {"{o2} chair", "{o2} head"}, {"political analyst", "pollster"}},
        {"parliamentary election", "presidential election", "regional election", "referendum"},
        {"votes", "ballots", "postal votes", "voters"}, 0,
        {"{l0} claims victory in {C} {E}", "{o0} wins {R} of vote in {C}",
         "{l1} concedes as {o0} sweeps {P}", "{C} {E}: {l0} leads as counting continues"},
        {"{p0} claimed victory in the {E} in {C} on {D}, with the {o0} winning {R} of the vote.",
         "The {o0} of {p0} won the {E} in {C} on {D}, taking {P} and most of the {t} districts.",
         "{p1} conceded defeat on {D} after the {o0} won {R} of the vote."},
        {"Turnout was {R}, according to {o2}.",
         "The {o0} received {N}, the commission said.",
         "The campaign cost the parties {M}, the commission said."},
        {"{p1} criticized {l0} over the conduct of the vote in {P}.",
         "{p1} rejected the results in {Q} and called for a recount.",
         "{p2} said the count in {P} would be finished by the end of the week.",
         "{p3} said the result would change the {t} policy of {C}."},
    },
    {   /* rate decision */
        {{"%s Central Bank", "%s National Bank", "%s Reserve Bank"},
         {"%s Bank", "%s Savings Bank", "%s Trust"},
         {"%s Securities", "%s Asset Management", "%s Brokers"}},
        {{"{o0} Governor", "{o0} deputy Governor"}, {"Finance Minister", "Treasury Minister"},
         {"{o1} economist", "{o1} chief economist"}, {"{o2} chief executive", "{o2} strategist"}},
        {"interest rate", "benchmark rate", "deposit rate", "lending rate"},
        {"jobs", "mortgages", "loans", "businesses"}, 1,
        {"{o0} raises {E} to {R}", "Inflation in {C} climbs to {R}",
         "{l0} signals more rises as {t} costs climb", "{C} borrowers brace as {o0} lifts {E}"},
        {"The {o0} raised its {E} to {R} on {D}, its third increase this year, as {t} prices in {C} kept rising.",
         "{p0} said on {D} the {o0} would keep raising its {E} until inflation fell below {R}.",
         "The {o0} lifted its {E} to {R} on {D}, surprising economists in {P}."},
        {"Inflation reached {R} in the year to February, the highest in a decade.",
         "The government plans to spend {M} on {t} subsidies.",
         "{N} were lost in the {t} sector last year."},
        {"{p1} welcomed the decision.",
         "{p2} warned that the rise would hit {t} borrowers in {P}.",
         "{p3} said {o2} would cut {N} in {Q}.",
         "{p1} urged the {o0} to consider the {t} industry."},
    },
};

#define G_PEOPLE 4
#define G_TOPICS 12
#define G_FORMS 4

typedef struct {
    const kind_t *k;
    char first[G_PEOPLE][24], last[G_PEOPLE][40];
    char place[2][40], country[2][40], org[3][64], word[3][40];
    char topic[G_TOPICS][G_FORMS][WORD_MAX];
    uint32_t nforms[G_TOPICS];
    const char *hazard, *event, *count_noun, *role[G_PEOPLE];
    unsigned long count, count_alt;
    unsigned money_int, money_frac, currency;
    unsigned pct_int, pct_frac;
    int conflict;
    uint32_t nstatements, speaker[3];
    int weekday;
} group_t;

typedef struct {
    const group_t *g;
    uint64_t gi;
    uint32_t outlet;
    int mentioned[G_PEOPLE];
    int in_title;
    uint64_t seed;
    uint32_t used;       /* statements quoted so far (bits) */
    uint32_t used_tpl;   /* fact (bits 0-2) and action (bits 8-11) sentences so far */
} art_state;

#define STORY_SALT 0x73746F7279ull     /* "story": streams apart from the default mode's */
#define STORY_MAX 12

/* Draws in statements of their own: the order in which a compiler
 * evaluates function arguments is unspecified (the draws below are in
 * the order gcc used when they were arguments, to keep its output). */
static void invent(char *out, size_t cap, rng_t *r, const char *const *ends, uint32_t nends) {
    const char *e = ends[rng_below(r, nends)];
    const char *b = SYL[rng_below(r, COUNT(SYL))];
    const char *a = SYL[rng_below(r, COUNT(SYL))];
    snprintf(out, cap, "%s%s%s", a, b, e);
    if (out[0] >= 'a' && out[0] <= 'z') out[0] = (char)(out[0] - 32);
}

static void draw_names(group_t *g, rng_t *r) {
    for (int i = 0; i < G_PEOPLE; i++) {
        snprintf(g->first[i], sizeof(g->first[i]), "%s", FIRST[rng_below(r, COUNT(FIRST))]);
        invent(g->last[i], sizeof(g->last[i]), r, SURNAME_END, COUNT(SURNAME_END));
    }
    for (int i = 0; i < 2; i++) {
        invent(g->place[i], sizeof(g->place[i]), r, PLACE_END, COUNT(PLACE_END));
        invent(g->country[i], sizeof(g->country[i]), r, COUNTRY_END, COUNT(COUNTRY_END));
    }
}

/* Group gi's people, places, topic and figures (from its own stream). */
static void make_group(group_t *g, uint64_t seed, uint64_t gi) {
    rng_t r = rng_for(seed ^ STORY_SALT, gi, 21);
    g->k = &KINDS[rng_below(&r, COUNT(KINDS))];
    draw_names(g, &r);
    static const char *const none[] = {""};
    for (int i = 0; i < 3; i++) {
        invent(g->word[i], sizeof(g->word[i]), &r, none, 1);
        const char *suffix = COMPANY_END[rng_below(&r, COUNT(COMPANY_END))];
        const char *fmt = g->k->org[i][rng_below(&r, 3)];
        snprintf(g->org[i], sizeof(g->org[i]), fmt, g->word[i], suffix);
    }
    for (int i = 0; i < G_PEOPLE; i++) g->role[i] = g->k->role[i][rng_below(&r, 2)];
    g->event = g->k->event[rng_below(&r, 4)];
    g->count_noun = g->k->count_noun[rng_below(&r, 4)];
    /* Topic words: content words with their inflections. */
    uint32_t nst = COUNT(STEMS), nno = COUNT(NOUNS), npl = COUNT(PLAIN);
    for (int i = 0; i < G_TOPICS; i++) {
        uint32_t w = rng_below(&r, nst + nno + npl);
        char (*f)[WORD_MAX] = g->topic[i];
        char ing[WORD_MAX];
        if (i % 2) {        /* jargon: an invented lower-case word (a real
                               vocabulary is far larger than ours) */
            const char *c = SYL[rng_below(&r, COUNT(SYL))];
            const char *b = SYL[rng_below(&r, COUNT(SYL))];
            const char *a = SYL[rng_below(&r, COUNT(SYL))];
            snprintf(f[0], WORD_MAX, "%s%s%s", a, b, c);
            snprintf(f[1], WORD_MAX, "%ss", f[0]);
            g->nforms[i] = 2;
        } else if (w < nst) {
            snprintf(f[0], WORD_MAX, "%s", STEMS[w]);
            inflect(STEMS[w], f[1], f[2], ing);
            snprintf(f[3], WORD_MAX, "%s", ing);
            g->nforms[i] = 4;
        } else if (w < nst + nno) {
            snprintf(f[0], WORD_MAX, "%s", NOUNS[w - nst]);
            inflect(NOUNS[w - nst], f[1], f[2], ing);
            g->nforms[i] = 2;
        } else {
            snprintf(f[0], WORD_MAX, "%s", PLAIN[w - nst - nno]);
            g->nforms[i] = 1;
        }
    }
    /* A follow-up: an earlier group's main person, place and country come
     * back in a new story (trilat links such stories into storylines). */
    if (gi > 0 && rng_pct(&r, 15)) {
        uint64_t back = 1 + rng_below(&r, gi < 2000 ? (uint32_t)gi : 2000);
        rng_t pr = rng_for(seed ^ STORY_SALT, gi - back, 21);
        (void)rng_below(&pr, COUNT(KINDS));
        static group_t parent;
        draw_names(&parent, &pr);
        memcpy(g->first[0], parent.first[0], sizeof(g->first[0]));
        memcpy(g->last[0], parent.last[0], sizeof(g->last[0]));
        memcpy(g->place[0], parent.place[0], sizeof(g->place[0]));
        memcpy(g->country[0], parent.country[0], sizeof(g->country[0]));
    }
    g->hazard = HAZARDS[rng_below(&r, COUNT(HAZARDS))];
    g->count = (unsigned long)pow(10.0, 2.0 + 2.5 * rng_unit(&r));
    g->conflict = rng_pct(&r, 25);
    g->count_alt = (unsigned long)((double)g->count * (1.3 + 0.7 * rng_unit(&r)));
    g->money_int = 1 + (unsigned)(900.0 * pow(rng_unit(&r), 3.0));
    g->money_frac = rng_pct(&r, 60) ? rng_below(&r, 10) : 10;   /* 10: none */
    g->currency = rng_below(&r, 3);
    g->pct_int = 1 + rng_below(&r, 30);
    g->pct_frac = rng_below(&r, 10);
    g->nstatements = 2 + rng_below(&r, 2);
    for (uint32_t i = 0; i < g->nstatements; i++) g->speaker[i] = rng_below(&r, G_PEOPLE);
    g->weekday = 0;    /* set from the start time by the caller */
}

static void put_topic(field_t *f, rng_t *r, const group_t *g, int cap) {
    uint32_t i = rng_below(r, G_TOPICS);
    const char *w = g->topic[i][rng_below(r, g->nforms[i])];
    if (cap) put_cap(f, w, strlen(w));
    else puts_(f, w);
}

/* n words of prose about the group: a third topic words, a few of its
 * names, the rest the general vocabulary (mostly function words). */
static void put_story_words(field_t *f, rng_t *r, const group_t *g, int n, int capitalize) {
    const word_t *prev = NULL;
    for (int i = 0; i < n; i++) {
        uint64_t x = rng_next(r);
        if (i) {
            if (((x >> 29) & 127) < 9 && i + 2 < n) putc_(f, ',');
            putc_(f, ' ');
        }
        uint32_t k = (uint32_t)(x >> 36) & 1023;
        if (k < 300) { put_topic(f, r, g, i == 0 && capitalize); continue; }
        if (k < 318 && i) { puts_(f, g->last[rng_below(r, G_PEOPLE)]); continue; }
        if (k < 328 && i) { puts_(f, g->place[rng_below(r, 2)]); continue; }
        if (k < 336 && i) { puts_(f, g->word[rng_below(r, 3)]); continue; }
        const word_t *w = &VOCAB[ZIPF[x >> (64 - ZIPF_BITS)]];
        if (w == prev) w = zipf_word(r);
        prev = w;
        if (i == 0 && capitalize) put_cap(f, w->s, w->len);
        else put(f, w->s, w->len);
    }
}

static const char *const CURRENCY_SIGN[] = {"$", "€", "£"};

/* 2 significant digits */
static unsigned long round2(unsigned long v, int up) {
    unsigned long p = 1;
    while (v / p >= 100) p *= 10;
    return (v / p + (up ? 1 : 0)) * p;
}

static void put_tpl(field_t *f, rng_t *r, art_state *st, const char *t, int cap);

static void put_person(field_t *f, rng_t *r, art_state *st, int i, int full) {
    const group_t *g = st->g;
    if (full && !st->mentioned[i]) {
        st->mentioned[i] = 1;
        put_tpl(f, r, st, g->role[i], 0);
        putc_(f, ' ');
        puts_(f, g->first[i]);
        putc_(f, ' ');
    }
    puts_(f, g->last[i]);
}

static void put_tpl(field_t *f, rng_t *r, art_state *st, const char *t, int cap) {
    const group_t *g = st->g;
    size_t start = f->len;
    while (*t) {
        if (*t != '{') {
            const char *e = strchr(t, '{');
            size_t n = e ? (size_t)(e - t) : strlen(t);
            put(f, t, n);
            t += n;
            continue;
        }
        char c = t[1], d = t[2];
        int ix = (d >= '0' && d <= '9') ? d - '0' : 0;
        t = strchr(t, '}') + 1;
        switch (c) {
        case 'o': puts_(f, g->org[ix]); break;
        case 'p': put_person(f, r, st, ix, !st->in_title); break;
        case 'l': puts_(f, g->last[ix]); break;
        case 'P': puts_(f, g->place[0]); break;
        case 'Q': puts_(f, g->place[1]); break;
        case 'C': puts_(f, g->country[0]); break;
        case 'K': puts_(f, g->country[1]); break;
        case 'D': puts_(f, WEEKDAYS[g->weekday]); break;
        case 'H': puts_(f, g->hazard); break;
        case 'E': puts_(f, g->event); break;
        case 'n': puts_(f, g->count_noun); break;
        case 't': put_topic(f, r, g, 0); break;
        case 'w': put_story_words(f, r, g, 4 + (int)rng_below(r, 6), 0); break;
        case 'R':
            put_num(f, g->pct_int);
            putc_(f, '.');
            put_num(f, g->pct_frac);
            puts_(f, rng_pct(r, 50) ? "%" : " percent");
            break;
        case 'M': {
            uint32_t h = st->in_title ? 99 : rng_below(r, 100);
            int exact = h >= 30 || g->money_frac == 10;
            if (h < 15) puts_(f, "about ");
            else if (h < 25) puts_(f, "more than ");
            else if (h < 30) puts_(f, "nearly ");
            puts_(f, CURRENCY_SIGN[g->currency]);
            if (exact) {
                put_num(f, g->money_int);
                if (g->money_frac < 10) { putc_(f, '.'); put_num(f, g->money_frac); }
            } else {
                put_num(f, g->money_int + (h >= 15 && h < 25 ? 0 : (g->money_frac >= 5)));
            }
            puts_(f, g->k->money_unit ? " billion" : " million");
            break;
        }
        case 'N': {
            unsigned long v = g->count;
            if (g->conflict && (st->outlet + st->gi) % 4 == 0) v = g->count_alt;
            uint32_t h = st->in_title ? 99 : rng_below(r, 100);
            if (h < 25) { puts_(f, "about "); v = round2(v, 0); }
            else if (h < 40) { puts_(f, "more than "); v = round2(v, 0); }
            else if (h < 50) { puts_(f, "nearly "); v = round2(v, 1); }
            put_grouped(f, v);
            putc_(f, ' ');
            puts_(f, g->count_noun);
            break;
        }
        default: break;
        }
    }
    if (cap && f->len > start && f->p[start] >= 'a' && f->p[start] <= 'z') f->p[start] = (char)(f->p[start] - 32);
}

/* A statement of the group, the same words in every article quoting it
 * (trimmed to its first part in some). */
static void put_statement(field_t *f, const art_state *st, uint32_t k, int trim) {
    rng_t sr = rng_for(st->seed ^ STORY_SALT, st->gi, 30 + k);
    int n = 8 + (int)rng_below(&sr, 14);
    put_story_words(f, &sr, st->g, trim ? n / 2 + 2 : n, 1);
}

static void put_quote_sentence(field_t *f, rng_t *r, art_state *st) {
    const group_t *g = st->g;
    uint32_t kind = rng_below(r, 100);
    uint32_t k = rng_below(r, g->nstatements), spk = g->speaker[k];
    int shared = kind < 60 && !(st->used & (1u << k));
    if (shared) st->used |= 1u << k;
    else spk = rng_below(r, G_PEOPLE);
    uint32_t form = rng_below(r, 4);
    if (form == 0) {                      /* “…,” said X. */
        puts_(f, "“");
        if (shared) put_statement(f, st, k, rng_pct(r, 30));
        else put_story_words(f, r, g, 6 + (int)rng_below(r, 14), 1);
        puts_(f, ",” said ");
        put_person(f, r, st, (int)spk, 1);
        putc_(f, '.');
    } else if (form == 1) {               /* “…,” X said. */
        puts_(f, "“");
        if (shared) put_statement(f, st, k, rng_pct(r, 30));
        else put_story_words(f, r, g, 6 + (int)rng_below(r, 14), 1);
        puts_(f, ",” ");
        put_person(f, r, st, (int)spk, 1);
        puts_(f, rng_pct(r, 70) ? " said." : " told reporters.");
    } else if (form == 2) {               /* X said: “…” */
        size_t at = f->len;
        put_person(f, r, st, (int)spk, 1);
        if (f->p[at] >= 'a' && f->p[at] <= 'z') f->p[at] = (char)(f->p[at] - 32);
        puts_(f, " said on ");
        puts_(f, WEEKDAYS[g->weekday]);
        puts_(f, ": “");
        if (shared) put_statement(f, st, k, 0);
        else put_story_words(f, r, g, 6 + (int)rng_below(r, 14), 1);
        puts_(f, ".”");
    } else {                              /* X said that … (reported) */
        size_t at = f->len;
        put_person(f, r, st, (int)spk, 1);
        if (f->p[at] >= 'a' && f->p[at] <= 'z') f->p[at] = (char)(f->p[at] - 32);
        puts_(f, rng_pct(r, 50) ? " said that " : " said ");
        put_story_words(f, r, g, 6 + (int)rng_below(r, 12), 0);
        putc_(f, '.');
    }
}

static void put_story_sentence(field_t *f, rng_t *r, art_state *st) {
    const kind_t *k = st->g->k;
    uint32_t kind = rng_below(r, 100);
    if (kind < 30) { put_quote_sentence(f, r, st); return; }
    if (kind < 50) {    /* a fact or an action sentence, each at most once an article */
        uint32_t i = kind < 42 ? rng_below(r, COUNT(k->fact)) : 8 + rng_below(r, COUNT(k->action));
        if (!(st->used_tpl & (1u << i))) {
            st->used_tpl |= 1u << i;
            put_tpl(f, r, st, i < 8 ? k->fact[i] : k->action[i - 8], 1);
            return;
        }
    }
    put_story_words(f, r, st->g, 8 + (int)rng_below(r, 16), 1);
    putc_(f, '.');
}

/* Text (from the content stream) and title (from the title stream). */
static void make_story_article(article_t *a, art_state *st, rng_t *cr, rng_t *tr, double shorten) {
    a->title.len = a->text.len = a->author.len = 0;
    put_name(&a->author, cr);
    st->in_title = 1;
    const kind_t *k = st->g->k;
    const char *tt = k->title[rng_below(tr, COUNT(k->title))];
    put_tpl(&a->title, tr, st, tt, 1);
    if (rng_pct(tr, 20) && !strstr(tt, "{P}")) {
        puts_(&a->title, " in ");
        puts_(&a->title, st->g->place[0]);
    }
    st->in_title = 0;

    size_t target = (size_t)(triangular(cr, 1200, 2200, 4000) * shorten);
    field_t *f = &a->text;
    puts_(f, st->g->place[rng_pct(cr, 80) ? 0 : 1]);
    puts_(f, " — ");
    put_tpl(f, cr, st, k->lead[rng_below(cr, COUNT(k->lead))], 1);
    for (int para = 0; f->len < target; para++) {
        puts_(f, "\\n\\n");
        int sentences = 1 + (int)rng_below(cr, 4);
        for (int s = 0; s < sentences && f->len < target; s++) {
            if (s) putc_(f, ' ');
            put_story_sentence(f, cr, st);
        }
    }
}

typedef struct {
    uint32_t group;
    int32_t ts;          /* seconds from EPOCH_START */
    uint8_t member, content, variant, outlet;   /* variant 0 original, 1 exact dup, 2 near-dup */
} slot_t;

static int slot_cmp(const void *pa, const void *pb) {
    const slot_t *a = pa, *b = pb;
    if (a->ts != b->ts) return a->ts < b->ts ? -1 : 1;
    if (a->group != b->group) return a->group < b->group ? -1 : 1;
    return (a->member > b->member) - (a->member < b->member);
}

/* P(size = k) proportional to k^-1.2, k = 1..12 */
static uint32_t story_size(rng_t *r) {
    static double cdf[STORY_MAX];
    if (cdf[STORY_MAX - 1] == 0) {
        double t = 0;
        for (int k = 1; k <= STORY_MAX; k++) t += pow(k, -1.2);
        double c = 0;
        for (int k = 1; k <= STORY_MAX; k++) { c += pow(k, -1.2) / t; cdf[k - 1] = c; }
    }
    double u = rng_unit(r);
    for (uint32_t k = 0; k < STORY_MAX; k++)
        if (u < cdf[k]) return k + 1;
    return STORY_MAX;
}

/* The head of group gi's layout stream: its size, start (seconds from
 * EPOCH_START) and first outlet; the stream goes on with its members. */
static rng_t group_head(uint64_t seed, uint32_t gi, uint32_t *size, long *start, uint32_t *base) {
    rng_t r = rng_for(seed ^ STORY_SALT, gi, 20);
    *size = story_size(&r);
    *start = (long)(rng_unit(&r) * (SPAN_SECONDS - 2 * 86400L));
    *base = rng_below(&r, COUNT(OUTLETS));
    return r;
}

static int story_main(uint64_t n, uint64_t seed, const char *gold_path) {
    FILE *gold = NULL;
    if (gold_path && !(gold = fopen(gold_path, "w"))) { perror(gold_path); return 1; }
    slot_t *slots = malloc((n ? n : 1) * sizeof(slot_t));
    if (!slots) { fprintf(stderr, "gen_corpus: out of memory\n"); return 1; }
    uint64_t have = 0;
    for (uint32_t gi = 0; have < n; gi++) {
        uint32_t size, base;
        long start;
        rng_t r = group_head(seed, gi, &size, &start, &base);
        if (size > n - have) size = (uint32_t)(n - have);
        for (uint32_t m = 0; m < size; m++) {
            slot_t *s = &slots[have++];
            double u = rng_unit(&r);
            s->group = gi;
            s->member = (uint8_t)m;
            s->ts = (int32_t)(start + (m ? (long)(u * u * 40 * 3600) : (long)(u * 3600)));
            s->outlet = (uint8_t)((base + m * 7) % COUNT(OUTLETS));
            s->content = (uint8_t)m;
            s->variant = 0;
            uint32_t v = rng_below(&r, 100);
            if (m && v < 2) { s->variant = 1; s->content = (uint8_t)rng_below(&r, m); }
            else if (m && v < 7) { s->variant = 2; s->content = (uint8_t)rng_below(&r, m); }
        }
    }
    qsort(slots, n, sizeof(slot_t), slot_cmp);
    vocab_init();
    static article_t a;
    static group_t g;
    uint32_t cur = UINT32_MAX, size, base = 0;
    long start;
    for (uint64_t i = 0; i < n; i++) {
        const slot_t *s = &slots[i];
        if (s->group != cur) {
            cur = s->group;
            make_group(&g, seed, cur);
            (void)group_head(seed, cur, &size, &start, &base);
            rng_t er = rng_for(seed ^ STORY_SALT, cur, 22);
            long ev = EPOCH_START + start - (long)(rng_unit(&er) * 10 * 3600);
            g.weekday = (int)((ev / 86400) % 7);
        }
        art_state st;
        memset(&st, 0, sizeof(st));
        st.g = &g;
        st.gi = cur;
        st.outlet = s->outlet;
        st.seed = seed;
        uint64_t ckey = (uint64_t)cur * 16 + s->content, mkey = (uint64_t)cur * 16 + s->member;
        rng_t cr = rng_for(seed ^ STORY_SALT, ckey, 3);
        rng_t tr = s->variant == 2 ? rng_for(seed ^ STORY_SALT, mkey, 5)
                                   : rng_for(seed ^ STORY_SALT, ckey, 4);
        /* the conflicting figure goes with the outlet that wrote the text */
        if (s->variant) st.outlet = (base + s->content * 7u) % COUNT(OUTLETS);
        make_story_article(&a, &st, &cr, &tr, s->variant == 2 ? 0.7 : 1.0);
        a.outlet = s->outlet;
        rng_t dr = rng_for(seed ^ STORY_SALT, mkey, 6);
        format_date(&a, &dr, EPOCH_START + s->ts);
        write_article(&a, i + 1);
        if (gold) fprintf(gold, "{\"id\":\"art-%08llu\",\"cluster\":\"s%u\"}\n",
                          (unsigned long long)(i + 1), cur);
        if (OUTLEN >= OUT_CAP && flush_out()) goto write_error;
    }
    free(slots);
    if (flush_out() || fflush(stdout)) goto write_error;
    if (gold && fclose(gold)) { perror(gold_path); return 1; }
    return 0;
write_error:
    free(slots);
    if (gold) fclose(gold);
    if (errno != EPIPE) perror("gen_corpus: write");
    return 1;
}

static int parse_u64(const char *s, uint64_t *out) {
    char *end;
    errno = 0;
    if (!*s || *s == '-') return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}

static const char USAGE[] =
    "usage: gen_corpus N [SEED]\n"
    "       gen_corpus --stories N [SEED] [--gold FILE]\n"
    "  writes N synthetic news articles as JSON Lines to stdout\n"
    "  (about 3 KB of text each, ~2% exact duplicates; SEED default 1);\n"
    "  --stories: in story groups of 1-12 articles sharing names, places,\n"
    "  figures and quotes (--gold FILE: the groups as {\"id\", \"cluster\"} lines)\n";

int main(int argc, char **argv) {
    uint64_t n, seed = 1;
    if (argc >= 2 && strcmp(argv[1], "--stories") == 0) {
        const char *gold = NULL;
        int pos = 0;
        for (int i = 2; i < argc; i++) {
            if (strcmp(argv[i], "--gold") == 0 && i + 1 < argc) gold = argv[++i];
            else if (pos == 0 && parse_u64(argv[i], &n) == 0) pos = 1;
            else if (pos == 1 && parse_u64(argv[i], &seed) == 0) pos = 2;
            else pos = -1;
            if (pos < 0) break;
        }
        if (pos < 1) { fputs(USAGE, stderr); return 2; }
        return story_main(n, seed, gold);
    }
    if (argc < 2 || argc > 3 || parse_u64(argv[1], &n) ||
        (argc == 3 && parse_u64(argv[2], &seed))) {
        fputs(USAGE, stderr);
        return 2;
    }
    vocab_init();
    static article_t a;
    for (uint64_t i = 0; i < n; i++) {
        make_article(&a, seed, content_of(seed, i));
        write_article(&a, i + 1);
        if (OUTLEN >= OUT_CAP && flush_out()) goto write_error;
    }
    if (flush_out() || fflush(stdout)) goto write_error;
    return 0;
write_error:
    if (errno != EPIPE) perror("gen_corpus: write");
    return 1;
}
