#!/usr/bin/env python3
# ruff: noqa: E731, E741
# A copy of ../shared/bench/make_corpus.py (the benchmarks' corpus generator), kept here so that the
# tests need nothing outside the repository; only this header and the seed file's path differ. The
# seed is the sample transcript in tests/fixtures/. Update it by copying the original again.
"""Deterministic synthetic podcast-transcript corpus generator (stdlib only).

Parses the real scraped podcast page in fixtures/ (episodes start with "Episode N: Title", then a
description, a "Transcript" line, Title-Case section headings and "Speaker: text"
paragraphs) and recombines its real paragraphs, speakers and headings into N episodes.

The seed page has only ~1,900 distinct words: alone, it makes every word of the corpus common.
--vocabulary realistic (the default) adds the long tail of rare words real transcripts have:
synthetic, pronounceable names and terms ('Chitix', 'ZauHub', 'cubirk', 'j6', 'sliflow-based').
Each episode renames most of the seed's proper nouns, the same way throughout (Netgate ->
Narspeak), and gives some noun phrases after a determiner a synthetic word, as modifier ("the
Chitix platform") or as noun ("the cubirks of"). The words come from the episode's own topics (used
again and again in it), from topics shared by neighbouring episodes, and from global pools drawn
by Zipf's law over ranks (s = 1.05), so most are rare; a third of the headings, and so of the
titles, gain a topic or a renamed name. Speaker labels, Markdown structure, dates and the choice of
paragraphs are those of --vocabulary seed, with ~1.6% more words. --vocabulary seed uses the
seed's words only: byte for byte what this script wrote before it had the option.

--stats prints the vocabulary's figures (terms: lowercase alphanumeric runs of the titles,
descriptions, headings and turns; a section: the intro or one heading with its turns). For
--episodes 1000 --seed 1, realistic vs seed:
  words                             11.33 M (median 10,574 an episode)  11.15 M (median 10,412)
  distinct terms                    91,772                              1,867
  terms seen once / once or twice   37.5% / 51.3%                       0% / 0%
  episodes with a term              median 1, 95th percentile 7         median 596, 95th pct 999
  sections with a term (of 17,332)  median 2, 95th percentile 17        median 970, 95th pct 11,034

Episode k depends only on (seed, k), so `--start N+1 --episodes 1` yields exactly the
episode that a run with `--episodes N+1` would have added (check_make_corpus.py checks this).

  make_corpus.py --episodes 100 --seed 1 --out DIR --format markdown
    -> DIR/content/episodes/0001-slug.md  (YAML front matter + "## Heading" + "**Speaker:** text")
  make_corpus.py --episodes 100 --seed 1 --out DIR --format raw
    -> DIR/0001-slug.txt                  (same plain-text style as the seed)
  make_corpus.py --episodes 1000 --stats  (without --out: writes nothing, prints the figures)
"""
import argparse
import collections
import datetime
import json
import math
import random
import re
from pathlib import Path

DEFAULT_SEED_FILE = Path(__file__).resolve().parent / "fixtures" / "open-source-underdogs.txt"
EPISODE_RE = re.compile(r"^Episode (\d+): (.+)$")
SPEAKER_RE = re.compile(r"^([A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){1,2}): (.+)$")
FIRST_DATE = datetime.date(2000, 1, 3)  # weekly; stays in the past for ~1300 episodes
WORDS_PER_SECTION = 650


def is_heading(line):
    """Short Title-Case line without sentence punctuation, e.g. 'Startup Advice'."""
    words = line.split()
    if not words or len(line) > 80 or line[-1] in ".!,;:\"”" or SPEAKER_RE.match(line):
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return capitalised / len(words) >= 0.6


def parse_seed(path):
    """Return (turns, headings, descriptions, speaker counts).

    A turn is (speaker, [paragraphs]): a "Speaker: text" paragraph plus the
    prefix-less continuation paragraphs that follow it.
    """
    turns, headings, descriptions = [], [], []
    speakers = collections.Counter()
    state, current = None, None  # state: None | "desc" | "transcript"
    for line in (raw.strip() for raw in Path(path).read_text(encoding="utf-8").splitlines()):
        if not line:
            continue
        if EPISODE_RE.match(line):
            state, current = "desc", None
        elif state == "desc":
            if line.startswith("Transcript"):
                state = "transcript" if line == "Transcript" else None
            else:
                descriptions.append(line)
        elif state == "transcript":
            match = SPEAKER_RE.match(line)
            if match:
                current = (match.group(1), [match.group(2)])
                turns.append(current)
                speakers[match.group(1)] += 1
            elif is_heading(line):
                if line not in headings:
                    headings.append(line)
            elif current is not None:
                current[1].append(line)
    return turns, headings, descriptions, speakers


class Source:
    def __init__(self, path):
        turns, self.headings, self.descriptions, speakers = parse_seed(path)
        self.host = speakers.most_common(1)[0][0]
        self.host_turns = [t for t in turns if t[0] == self.host]
        self.guest_turns = [t for t in turns if t[0] != self.host]
        names = [n.split() for n in speakers]
        firsts = sorted({n[0] for n in names})
        lasts = sorted({n[-1] for n in names})
        self.guests = [f"{f} {l}" for f in firsts for l in lasts if f"{f} {l}" != self.host]
        self.sentences = [s for p in (t[1][0] for t in self.guest_turns)
                          for s in re.split(r"(?<=[.?!])\s+", p) if 8 <= len(s.split()) <= 40]


# --- Realistic vocabulary -------------------------------------------------------------------
# Calibrated on 1000 episodes (~11 M words) to ~92k distinct terms, half of them seen once or
# twice, most in one episode only, as real transcripts of that size have (60k-200k, Heaps' law).
ZIPF_S = 1.05                    # exponent of the global pools' rank distribution
NAME_RANKS, TERM_RANKS = 300_000, 1_000_000  # sizes of the global pools
P_KEEP_NAME = 0.3                # an episode keeps a seed proper noun (Python, Linux) as it is
P_PHRASE = 0.6                   # a noun phrase after a determiner gets a synthetic word:
P_NAME_MODIFIER = 0.25           # a name as modifier ("the Tesmira platform"), else a term,
P_REPLACE = 0.7                  # which replaces the phrase's noun ("the kavrelons of"), else modifies it
P_TOPIC, P_ARC = 0.4, 0.15       # a modifier comes from the episode's topics, its arcs', else the pool
P_TOPIC_NOUN, P_ARC_NOUN = 0.7, 0.1  # a replaced noun comes from the topics, the arcs, else the pool
TOPIC_NAMES, TOPIC_TERMS = (5, 12), (20, 40)  # per episode, drawn from ranks >= TOPIC_MIN_RANK
TOPIC_MIN_RANK = 3000
TOPIC_SKEW = 1.3                 # the first topics of an episode are used most: u ** TOPIC_SKEW
ARC_STRIDE, ARC_NAMES, ARC_TERMS = 3, 6, 20  # an arc spans 2 * ARC_STRIDE neighbouring episodes
P_HEADING_TOPIC = 0.3            # a (non-question) heading gains a name or term ('Partners at Puvix')

DETERMINERS = frozenset("the a an our their your my his her its this these those some any every each".split())
FUNCTION_WORDS = frozenset("""
    a an the and or but if then so as of at by for from in into on onto to with without about over
    under between through during before after above below up down out off again further than too
    very can will just should now i me my we our us you your he him his she her it its they them
    their what which who whom whose this that these those am is are was were be been being have has
    had having do does did doing would could might must shall may not no nor only own same such both
    each few more most other some any all every there here when where why how also even still yet
    because while until although though since like well really actually maybe kind sort lot lots
    bit little couple way things thing something anything everything nothing someone anyone
    everyone one ones two three get gets got getting go goes going gone went make makes made making
    say says said know knows think thinks thought want wants need needs use uses used take takes
    took see sees come comes came give gives gave look looks find finds work works call try ask seem
    feel become leave put mean means keep let begin help talk start show good great big small new
    old long high different important large real right best better hard easy whole early first
    last next many much certain able sure time times year years day days people part""".split())
CALENDAR = frozenset("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December""".split())
TOKEN_RE = re.compile(r"([\"“‘(]*)(.*?)((?:[’']s)?[\"”’').,;:?!…]*)")  # lead, core, tail
NAME_RE = re.compile(r"[A-Z][A-Za-z]*[a-z][A-Za-z]*")
ONSETS = "b c d f g h j k l m n p r s t v w z".split() * 3 + \
    "br cr dr fr gr pr tr bl cl fl gl pl sl ch sh th st sp sk qu".split()
VOWELS = "a e i o u".split() * 3 + "ai ea ou io au ei y".split()
MIDDLE_CODAS = ["", "", "", "", "n", "r", "l", "s", "m"]
FINAL_CODAS = ["", "n", "r", "l", "s", "x", "nd", "rk", "nt", "m", "t", "k"]
NAME_ENDINGS = ["", "", "", "", "", "a", "on", "ia", "ix", "us", "o", "ex", "ara", "ine", "ify",
                "ly", "er", "Labs", "DB", "Hub", "OS", "Stack", "Works"]
TERM_ENDINGS = ["", "", "", "", "", "", "er", "ing", "ity", "ment", "ness", "ism", "ation", "ics",
                "ware", "let", "ops", "base", "stack", "graph", "flow", "scape", "mesh"]
AVOID = ("fuck", "shit", "cunt", "nigg", "fag", "slut", "whore", "dick", "cock", "piss", "rape",
         "nazi", "kike", "twat", "wank", "bitch", "porn", "sex", "tits", "anal", "cum", "jew")
COMPOUNDS = "based style native first aware ready driven friendly scale grade like free heavy powered".split()
M64 = (1 << 64) - 1


def mix64(x):
    """SplitMix64's finaliser: a fast integer hash, the same on every platform."""
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


def zipf_rank(u, lo, hi):
    """Rank in [lo, hi] with P(rank) ~ rank**-ZIPF_S (continuous approximation), from u in [0, 1)."""
    a, b = lo ** (1 - ZIPF_S), (hi + 1) ** (1 - ZIPF_S)
    return min(hi, int((a + u * (b - a)) ** (1 / (1 - ZIPF_S))))


def pronounceable(h, syllables, ending):
    """Syllables (onset, vowel, coda) picked by the digits of h, then an ending."""
    parts = []
    for i in range(syllables):
        h, onset = divmod(h, len(ONSETS))
        h, vowel = divmod(h, len(VOWELS))
        parts.append(ONSETS[onset] + VOWELS[vowel])
        if i < syllables - 1:
            h, coda = divmod(h, len(MIDDLE_CODAS))
            parts.append(MIDDLE_CODAS[coda])
    word = "".join(parts)
    if not ending:
        return word + FINAL_CODAS[h % len(FINAL_CODAS)]
    if word[-1] in "aeiouy" and ending[0] in "aeiou":
        word += "lnrstv"[h % 6]
    return word + ending


def plural(word):
    if any(c.isdigit() for c in word):
        return word
    if word.endswith(("s", "x", "sh", "ch")):
        return word + "es"
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


def article(det, word):
    """'a' or 'an' (capitalised like det) before word; any other determiner unchanged."""
    if det.lower() not in ("a", "an"):
        return det
    an = "an" if word[0].lower() in "aeiou" else "a"
    return an.capitalize() if det[0].isupper() else an


def split_token(token):
    return TOKEN_RE.fullmatch(token).groups()


class Vocabulary:
    """The global pools of synthetic names and terms, and the seed's text parsed into slots."""

    def __init__(self, src, seed):
        self.key = mix64(seed & M64)
        self.names, self.terms, self.parsed = {}, {}, {}
        lower, capitalised = set(), collections.Counter()
        for _, paras in src.host_turns + src.guest_turns:
            for sentence in (s for p in paras for s in re.split(r"(?<=[.?!…])\s+", p)):
                for i, token in enumerate(sentence.split()):
                    _, core, _ = split_token(token)
                    if core.isalpha() and core.islower():
                        lower.add(core)
                    elif i > 0 and NAME_RE.fullmatch(core):
                        capitalised[core] += 1
        # Names of people, companies, products: capitalised mid-sentence, never in lower case,
        # and not a heading's word ('Founder') unless seen more than once mid-sentence. The
        # speakers' names stay, as the speakers do.
        generic = {w for h in src.headings for w in h.split()}
        speakers = {w for name in [src.host] + src.guests for w in name.split()}
        self.proper = {w for w, n in capitalised.items() if w.lower() not in lower and w not in CALENDAR
                       and w not in speakers and (n > 1 or w not in generic)}

    def name(self, rank):
        """The capitalised name of this rank in the name pool ('Tesmira', 'KavrelDB')."""
        word = self.names.get(rank)
        if word is None:
            word = self.word(mix64(self.key ^ mix64(2 * rank)), rank, NAME_ENDINGS)
            word = self.names[rank] = word[0].upper() + word[1:]
        return word

    def term(self, rank, modifier=False):
        """The lower-case term of this rank in the term pool ('kavrelon', 'k8s'); as a
        modifier, some terms come hyphenated ('kavrelon-based')."""
        word = self.terms.get(rank)
        if word is None:
            word = self.terms[rank] = self.word(mix64(self.key ^ mix64(2 * rank + 1)), rank, TERM_ENDINGS)
        if modifier and rank % 7 == 3:
            return f"{word}-{COMPOUNDS[rank // 7 % len(COMPOUNDS)]}"
        return word

    @staticmethod
    def word(h, rank, endings):
        """A word for hash h: 2-3 syllables (frequent ranks shorter) or, for 1 term in 25, letters
        and digits ('k8s', 'tx90'); never one containing an AVOID string."""
        while True:
            flags = mix64(h)
            if endings is TERM_ENDINGS and flags % 25 == 0:
                letters = "bcdfghjklmnpqrstvwxz"
                word = letters[h % 20] + (letters[h >> 5 & 15] if flags >> 8 & 1 else "")
                word += str(h >> 10 & (127 if flags >> 9 & 1 else 7)) + ["", "", "s", "x"][h >> 20 & 3]
            else:
                ending = endings[(flags >> 8) % len(endings)]
                word = pronounceable(h, 2 + (rank > 200 and flags & 1) - bool(ending), ending)
            if not any(bad in word.lower() for bad in AVOID):
                return word
            h = mix64(h + 1)

    def parse(self, text):
        """(tokens, name slots, noun-phrase slots) of a paragraph, heading or sentence.

        A name slot is (index, lead, core, tail) of a seed proper noun; a noun-phrase slot is
        (index of a determiner, n): the determiner is followed by n (1 or 2) plain lower-case
        content words and then by something else (punctuation, a function word, a name).
        """
        parsed = self.parsed.get(text)
        if parsed is None:
            tokens = text.split(" ")
            parts = [split_token(t) for t in tokens]
            names = [(i, *p) for i, p in enumerate(parts) if p[1] in self.proper]
            phrases = []
            for i, (lead, core, tail) in enumerate(parts):
                if lead or tail or core.lower() not in DETERMINERS:
                    continue
                n = 0
                for lead, core, tail in parts[i + 1:i + 4]:
                    if lead or not core.isalpha() or not core.islower() or core in FUNCTION_WORDS \
                            or core.endswith("ly"):
                        break
                    n += 1
                    if tail:
                        break
                if 1 <= n <= 2:
                    phrases.append((i, n))
            parsed = self.parsed[text] = (tokens, names, phrases)
        return parsed


class EpisodeVocabulary:
    """One episode's topics, arcs and renamed proper nouns; draws from its own rng."""

    def __init__(self, vocab, seed, number):
        self.vocab, self.renamed = vocab, {}
        self.rng = rng = random.Random(f"{seed}:{number}:vocabulary")
        topics = lambda rng, n, pool: [zipf_rank(rng.random(), TOPIC_MIN_RANK, pool) for _ in range(n)]
        self.topic_names = topics(rng, rng.randint(*TOPIC_NAMES), NAME_RANKS)
        self.topic_terms = topics(rng, rng.randint(*TOPIC_TERMS), TERM_RANKS)
        self.arc_names, self.arc_terms = [], []
        for arc in ((number - 1) // ARC_STRIDE, (number - 1) // ARC_STRIDE - 1):
            arc_rng = random.Random(f"{seed}:arc:{arc}")
            self.arc_names += topics(arc_rng, ARC_NAMES, NAME_RANKS)
            self.arc_terms += topics(arc_rng, ARC_TERMS, TERM_RANKS)
        self.unused_topic_names = list(reversed(self.topic_names))

    def rank(self, topic, arc, pool_size, p_topic, p_arc):
        """A rank from the episode's topics (the first ones most often), its arcs', or the pool."""
        rng = self.rng
        r = rng.random()
        if r < p_topic:
            return topic[int(len(topic) * rng.random() ** TOPIC_SKEW)]
        if r < p_topic + p_arc:
            return arc[int(len(arc) * rng.random())]
        return zipf_rank(rng.random(), 1, pool_size)

    def name(self):
        return self.vocab.name(self.rank(self.topic_names, self.arc_names, NAME_RANKS, P_TOPIC, P_ARC))

    def term(self, modifier=False):
        rank = self.rank(self.topic_terms, self.arc_terms, TERM_RANKS, P_TOPIC, P_ARC)
        return self.vocab.term(rank, modifier)

    def noun(self):
        rank = self.rank(self.topic_terms, self.arc_terms, TERM_RANKS, P_TOPIC_NOUN, P_ARC_NOUN)
        return self.vocab.term(rank)

    def rename(self, proper):
        """What this episode calls the seed's proper noun: kept, or the same synthetic name throughout."""
        new = self.renamed.get(proper)
        if new is None:
            rng = self.rng
            if rng.random() < P_KEEP_NAME:
                new = proper
            elif self.unused_topic_names:
                new = self.vocab.name(self.unused_topic_names.pop())
            else:
                new = self.vocab.name(zipf_rank(rng.random(), TOPIC_MIN_RANK, NAME_RANKS))
            self.renamed[proper] = new
        return new

    def text(self, text):
        """text with its proper nouns renamed and some noun phrases given a synthetic word."""
        tokens, names, phrases = self.vocab.parse(text)
        if not names and not phrases:
            return text
        out, rng = list(tokens), self.rng
        for i, lead, core, tail in names:
            new = out[i] = lead + self.rename(core) + tail
            if i and not lead:
                out[i - 1] = article(out[i - 1], new)  # "an Anaconda user" -> "a Tesmira user"
        for i, n in phrases:
            if rng.random() >= P_PHRASE:
                continue
            if rng.random() < P_NAME_MODIFIER:
                word = self.name()
            elif rng.random() < P_REPLACE:  # "the company's" -> "the kavrelon's"
                lead, core, tail = split_token(out[i + n])
                word = self.noun()
                is_plural = core.endswith("s") and not core.endswith(("ss", "us", "is")) and len(core) > 3
                out[i + n] = (plural(word) if is_plural else word) + tail
                if n == 1:
                    out[i] = article(out[i], word)
                continue
            else:
                word = self.term(modifier=True)
            out[i] = f"{article(out[i], word)} {word}"  # "the company" -> "the Tesmira company"
        return " ".join(out)

    def heading(self, heading, taken):
        """heading with its proper nouns renamed and sometimes a name or term added."""
        tokens, names, _ = self.vocab.parse(heading)
        if names:
            tokens = list(tokens)
            for i, lead, core, tail in names:
                tokens[i] = lead + self.rename(core) + tail
        new = " ".join(tokens)
        if not new.endswith("?") and self.rng.random() < P_HEADING_TOPIC:
            word = self.name() if self.rng.random() < 0.5 else self.term()
            word = word[0].upper() + word[1:]
            pattern = self.rng.choice(["{w} {h}", "{h} at {w}", "{h} and {w}", "{h} for {w}", "{h} with {w}"])
            if pattern == "{w} {h}" and len(new.split()) > 3:
                pattern = "{h} at {w}"
            candidate = pattern.format(w=word, h=new)
            if is_heading(candidate) and candidate not in taken:
                new = candidate
        return new


# --- Episodes -------------------------------------------------------------------------------
def target_words(rng):
    """Mostly ~10k words (lognormal), with ~10% short (~2k) and ~10% long (~25k) episodes."""
    r = rng.random()
    if r < 0.1:
        return rng.randint(1800, 3000)
    if r > 0.9:
        return rng.randint(20000, 26000)
    return int(rng.lognormvariate(math.log(10000), 0.25))


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].rstrip("-")


def make_episode(src, seed, number, vocab=None):
    """Episode `number`; with a Vocabulary, the same episode in its realistic words."""
    rng = random.Random(f"{seed}:{number}")
    guests = rng.sample(src.guests, rng.choice([1, 1, 1, 2]))
    words = target_words(rng)
    n_sections = max(3, min(len(src.headings), round(words / WORDS_PER_SECTION)))
    headings = rng.sample(src.headings, n_sections)
    sentence = rng.choice(src.sentences)

    def dialogue(budget):
        """Alternate host questions and guest answers until `budget` words are used."""
        turns, used, host_next = [], 0, rng.random() < 0.5
        while True:
            _, paras = rng.choice(src.host_turns if host_next else src.guest_turns)
            size = sum(len(p.split()) for p in paras)
            if turns and used + size / 2 > budget:  # stop near the budget, not past it
                return turns
            turns.append((src.host if host_next else rng.choice(guests), paras))
            used += size
            host_next = not host_next

    intro = dialogue(rng.randint(60, 200))
    sections = [(h, dialogue(words / n_sections)) for h in headings]
    if vocab is not None:
        ev = EpisodeVocabulary(vocab, seed, number)
        reword = lambda turns: [(speaker, [ev.text(p) for p in paras]) for speaker, paras in turns]
        intro = reword(intro)
        taken = set(headings)
        for i, (heading, turns) in enumerate(sections):
            taken.discard(heading)
            headings[i] = ev.heading(heading, taken)
            taken.add(headings[i])
            sections[i] = (headings[i], reword(turns))
        sentence = ev.text(sentence)
    title = f"{headings[0]} – {headings[1]} with {' and '.join(guests)}"
    topics = [h.rstrip("?").lower() for h in headings[:2]]
    description = (f"{' and '.join(guests)} {'join' if len(guests) > 1 else 'joins'} {src.host} "
                   f"to talk about {topics[0]} and {topics[1]}. {sentence}")
    return dict(number=number, title=title, slug=slugify(title), description=description,
                date=FIRST_DATE + datetime.timedelta(days=7 * (number - 1)),
                guests=guests, intro=intro, sections=sections)


def yaml_scalar(text):
    """Plain YAML scalar when unambiguous, else a JSON (= YAML double-quoted) string."""
    if re.fullmatch(r"[A-Za-z0-9][^:#\"'\n\[\]{}]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def render_turns(turns, markdown):
    out = []
    for speaker, paras in turns:
        out.append(f"**{speaker}:** {paras[0]}" if markdown else f"{speaker}: {paras[0]}")
        out.extend(paras[1:])
    return out


def render_markdown(ep):
    front = ["---",
             f"title: {yaml_scalar(ep['title'])}",
             f"number: {ep['number']}",
             f"date: {ep['date'].isoformat()}",
             f"description: {yaml_scalar(ep['description'])}",
             f"guests: [{', '.join(ep['guests'])}]",
             "---", ""]
    body = render_turns(ep["intro"], markdown=True)
    for heading, turns in ep["sections"]:
        body += [f"## {heading}"] + render_turns(turns, markdown=True)
    return "\n".join(front) + "\n\n".join(body) + "\n"


def render_raw(ep):
    lines = [f"Episode {ep['number']}: {ep['title']}", ep["description"], "Transcript"]
    lines += render_turns(ep["intro"], markdown=False)
    for heading, turns in ep["sections"]:
        lines += [heading] + render_turns(turns, markdown=False)
    return "\n\n".join(lines) + "\n"


# --- Statistics -----------------------------------------------------------------------------
class Stats:
    """Vocabulary figures of the episodes made. Words are those of the files, as counted by
    str.split(); terms are the lowercase alphanumeric runs of the title, description, headings
    and turns (not the speaker labels); a section is the intro (with title and description) or
    one heading with its turns; a term's document frequency is the number of them it is in."""

    WORD_RE = re.compile(r"[^\W_]+")

    def __init__(self):
        self.cf = collections.Counter()  # occurrences of each term
        self.df_episodes, self.df_sections = collections.Counter(), collections.Counter()
        self.tokens, self.types, self.words, self.sections = [], [], [], []

    def add(self, ep, words):
        docs = [[ep["title"], ep["description"]] + [p for _, paras in ep["intro"] for p in paras]]
        docs += [[h] + [p for _, paras in turns for p in paras] for h, turns in ep["sections"]]
        seen, n = set(), 0
        for doc in docs:
            terms = self.WORD_RE.findall(" ".join(doc).lower())
            n += len(terms)
            self.cf.update(terms)
            terms = set(terms)
            self.df_sections.update(terms)
            seen |= terms
        self.df_episodes.update(seen)
        self.tokens.append(n + (self.tokens[-1] if self.tokens else 0))
        self.types.append(len(self.cf))
        self.words.append(words)
        self.sections.append(len(docs))

    def report(self):
        if not self.words:
            return "no episodes"

        def df(counter):
            values = sorted(counter.values())
            return (f"median {values[len(values) // 2]:,}, 95th percentile "
                    f"{values[math.ceil(0.95 * len(values)) - 1]:,}, fewest {values[0]:,}")

        n_types = len(self.cf)
        once = sum(1 for c in self.cf.values() if c == 1)
        twice = sum(1 for c in self.cf.values() if c == 2)
        half = (len(self.tokens) - 1) // 2
        heaps = ""
        if half < len(self.tokens) - 1:
            beta = math.log(self.types[-1] / self.types[half]) / math.log(self.tokens[-1] / self.tokens[half])
            heaps = f" (Heaps' exponent {beta:.2f} from the first half of the episodes to all)"
        return "\n".join([
            f"episodes {len(self.words):,}, sections {sum(self.sections):,}, words {sum(self.words):,}"
            f" (median {sorted(self.words)[len(self.words) // 2]:,} words and"
            f" {sorted(self.sections)[len(self.sections) // 2] - 1} headings an episode)",
            f"terms {self.tokens[-1]:,} (lowercase alphanumeric runs), distinct terms {n_types:,}{heaps}",
            f"distinct terms seen once {once / n_types:.1%}, once or twice {(once + twice) / n_types:.1%}",
            f"document frequency over {len(self.words):,} episodes: {df(self.df_episodes)}",
            f"document frequency over {sum(self.sections):,} sections: {df(self.df_sections)}"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--episodes", type=int, required=True, help="number of episodes to write")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, help="output folder (required unless --stats)")
    ap.add_argument("--format", choices=["raw", "markdown"], default="markdown")
    ap.add_argument("--start", type=int, default=1, help="number of the first episode")
    ap.add_argument("--seed-file", default=DEFAULT_SEED_FILE)
    ap.add_argument("--vocabulary", choices=["realistic", "seed"], default="realistic",
                    help="realistic: add rare synthetic names and terms (default); seed: its words only")
    ap.add_argument("--stats", action="store_true", help="print the vocabulary figures of the episodes made")
    args = ap.parse_args()
    if args.out is None and not args.stats:
        ap.error("the following arguments are required: --out (or --stats)")

    src = Source(args.seed_file)
    vocab = Vocabulary(src, args.seed) if args.vocabulary == "realistic" else None
    stats = Stats() if args.stats else None
    out_dir = None
    if args.out is not None:
        out_dir = args.out / "content" / "episodes" if args.format == "markdown" else args.out
        out_dir.mkdir(parents=True, exist_ok=True)
    total = 0
    for number in range(args.start, args.start + args.episodes):
        ep = make_episode(src, args.seed, number, vocab)
        if args.format == "markdown":
            name, text = f"{number:04d}-{ep['slug']}.md", render_markdown(ep)
        else:
            name, text = f"{number:04d}-{ep['slug']}.txt", render_raw(ep)
        if out_dir is not None:
            (out_dir / name).write_text(text, encoding="utf-8")
        words = len(text.split())
        total += words
        if stats is not None:
            stats.add(ep, words)
    if out_dir is not None:
        print(f"wrote {args.episodes} episodes ({total} words) to {out_dir}")
    if stats is not None:
        print(stats.report())


if __name__ == "__main__":
    main()
