/* gen_corpus.c -- deterministic synthetic news corpus for the ingest
 * benchmark (bench/ingest). Never used by the engine itself.
 *
 *   gen_corpus N [SEED]     N articles as JSON Lines on standard output
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

static void make_date(article_t *a, rng_t *r) {
    const outlet_t *o = &OUTLETS[a->outlet];
    long utc = EPOCH_START + (long)(rng_unit(r) * SPAN_SECONDS);
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

static int parse_u64(const char *s, uint64_t *out) {
    char *end;
    errno = 0;
    if (!*s || *s == '-') return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv) {
    uint64_t n, seed = 1;
    if (argc < 2 || argc > 3 || parse_u64(argv[1], &n) ||
        (argc == 3 && parse_u64(argv[2], &seed))) {
        fprintf(stderr,
                "usage: gen_corpus N [SEED]\n"
                "  writes N synthetic news articles as JSON Lines to stdout\n"
                "  (about 3 KB of text each, ~2%% exact duplicates; SEED default 1)\n");
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
