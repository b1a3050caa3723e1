"""Word lists and constants of the attribution rules.

Every rule reads its words from here; the comment above each list says
which construction uses it, with an example.
"""

from __future__ import annotations

# Reporting, belief and perception verbs, by lemma. A verb only counts as a
# cue when it also has a source and a content (a clause, a quote, or failing
# those an object), so the list can be broad.
CUE_LEMMAS = frozenset(
    """
    acknowledge add admit allege announce answer argue articulate ask assert
    assume assure believe boast brag caution charge claim clarify comment
    complain concede conclude confirm contemplate contend continue counter
    declare decline deem deny determine disclose doubt echo
    emphasise emphasize estimate expect explain fear find forecast
    foresee guess hint hope imagine imply indicate inform insist interject
    joke know learn maintain mention muse note notice observe opine
    perceive pledge point posit post predict proclaim promise propose
    protest prove quip read reaffirm realize recall reckon recognize
    recount refuse reiterate remark remember remind repeat reply report
    respond retort reveal rule say see shout show signal speculate state
    stress suggest suspect swear tell testify think tweet underscore
    understand urge utter vow warn wonder worry write yell
    """.split()
)
# Stances, wishes and judgements (PolNeAR's broader scheme, issue #3): these
# take a to-infinitive, an object or a prepositional object as content.
XCOMP_LEMMAS = frozenset(
    """
    advise aim ask beg call challenge claim convince demand desire
    encourage expect hope instruct intend invite long order persuade plan
    pledge plot prefer press pressure promise propose push remind seek
    swear tell threaten urge vow want warn wish yearn
    """.split()
)
OBJECT_LEMMAS = frozenset(
    """
    accept accuse acknowledge admire admit advocate announce answer applaud
    assail attack back bash bemoan berate blame blast bless boo brand call
    cast celebrate challenge champion chant characterize chide cite commend
    compare condemn confirm congratulate consider contradict credit
    criticise criticize decry defend demand demonstrate denounce deny
    deride describe detail disavow discuss dislike dismiss dispute document
    doubt downplay dub email embrace endorse envision excoriate expect
    explain expose express fault favor favour fear hail hammer hate herald
    highlight identify ignore insult invoke knock know label lambaste
    lament laud like liken list love mention mock name nominate offer
    oppose outline paint portray praise predict prefer promise
    promote propose publish question quote rap rebuff rebuke rebut recall
    recite recognize recommend reference regard reject release remember
    repeat request retweet ridicule rip salute scold scorn see seek share
    skewer slam support thank tout trash trumpet underscore understand
    unveil urge value view voice want welcome
    """.split()
)
# Verb + preposition cues whose object is the content: "talked about".
PREP_CUES = {
    "advocate": {"for"}, "agree": {"with"}, "allude": {"to"}, "apologize": {"for"},
    "argue": {"for", "against"}, "ask": {"about", "for"}, "boast": {"about", "of"},
    "brag": {"about"}, "call": {"for", "on"}, "campaign": {"for", "against"},
    "care": {"about"}, "caution": {"against", "about"}, "comment": {"on", "about"},
    "complain": {"about", "of"}, "disagree": {"with", "on"}, "dream": {"of", "about"},
    "fight": {"for", "against"}, "focus": {"on"}, "fret": {"about", "over"},
    "hint": {"at"}, "hope": {"for"}, "insist": {"on"}, "joke": {"about"},
    "lash": {"at"}, "object": {"to"}, "plead": {"for"}, "point": {"to"},
    "press": {"for"}, "push": {"for"}, "rail": {"against"}, "react": {"to"},
    "refer": {"to"}, "reflect": {"on"}, "respond": {"to"}, "rally": {"behind", "around"},
    "side": {"with"}, "speak": {"about", "of", "on", "against", "out"},
    "talk": {"about", "of", "up"}, "testify": {"about", "on"}, "think": {"about", "of"},
    "vent": {"about"}, "vote": {"for", "against"}, "warn": {"of", "about", "against"},
    "weigh": {"in"}, "worry": {"about"}, "write": {"about", "of"},
    "balk": {"at"}, "dwell": {"on"}, "fire": {"back", "at"}, "lean": {"toward", "towards"},
    "look": {"to"}, "vouch": {"for"}, "wonder": {"about"}, "distance": {"from"},
}  # fmt: skip
# Participles that point at something rather than say it: "..., he said,
# referring to the bridge, “...”" (the quote goes on with "said").
POINTING_LEMMAS = frozenset({"refer", "point", "allude", "react", "respond", "look"})
# Nouns that carry an attribution when their owner is named: "Smith's
# support for", "criticism of the plan by Smith", "his claim that ...".
NOUN_CUES = frozenset(
    """
    acknowledgment admission allegation allegations announcement appeal
    argument assertion assessment attack attacks belief call calls case
    charge charges claim claims comment comments commitment complaint
    complaints concern concerns condemnation confidence criticism critique
    decision defence defense demand demands denial desire doubt doubts
    endorsement fear fears hope hopes idea insistence intention message
    objection objections opinion opposition plea pledge position prediction
    promise proposal push question questions refusal rejection remark
    remarks request response stance statement suggestion support testimony
    threat view views vow warning
    """.split()
)
# Reporting verbs whose object is no content: "continued the tour", "found
# the money", "maintained a lead"; and those whose object is one only as
# "X as Y".
NO_OBJECT_LEMMAS = frozenset(
    """
    add answer assure brief continue decide decline determine feel find
    inform learn maintain mean notice point prove read refuse remind rule
    signal tell warn
    """.split()
)
AS_ONLY_LEMMAS = frozenset({"see", "cast", "know", "paint", "find", "expose"})
# Reporting verbs whose content may be a gerund clause right after them: "said
# having Trump on the ticket hurts", "reported holding shares", "suggested
# boycotting Apple" (the parser takes the clause for an xcomp).
GERUND_REPORT_LEMMAS = frozenset(
    {"say", "suggest", "report", "admit", "deny", "mention", "recall", "acknowledge"}
)
# The lemmatizer's slips on cue verbs: "hoping" is not a form of "hop".
LEMMA_FIXES = {"hoping": "hope", "hoped": "hope", "retweeted": "retweet"}
# "Update: ..." and the like are labels, not speakers.
COLON_LABELS = frozenset(
    """
    boom breaking byline contributing correction disclosure editor
    exclusive graphic image latest live look note photo read related
    report revealed source update video watch
    """.split()
)
# A headline's speaker may end in one of these after a name: "Okafor camp:".
SPEAKER_GROUPS = frozenset(
    "aides allies camp campaign editorial lawyers officials spokesman spokeswoman".split()
)
# An interview's "Q:" and "A:" mark turns, not speakers; the reported
# speech is inside the turn ("A: I think ...").
INTERVIEW_TURNS = frozenset({"q", "a"})
# Adjectives with a stance: "was confident that", "is critical of".
ADJ_CUES = frozenset(
    """
    afraid angry aware certain concerned confident convinced critical
    doubtful eager fearful furious happy hopeful keen opposed optimistic
    pessimistic proud skeptical supportive sure suspicious upset wary
    willing worried
    """.split()
)
# Verbs that report the quotation just before them ("“Why not?” Vitter
# demanded.") without being reporting verbs anywhere else.
QUOTE_TAIL_LEMMAS = frozenset({"demand", "plead", "beg", "exclaim", "scoff", "inquire"})
# A reporting verb that opens a sentence before its speaker: "Said Okafor: “...”".
VERB_FIRST_FORMS = frozenset(
    "added adds asked asks continued explained noted recalled replied said says tweeted "
    "warned wrote writes".split()
)
ALL_CUE_LEMMAS = (
    CUE_LEMMAS | XCOMP_LEMMAS | OBJECT_LEMMAS | QUOTE_TAIL_LEMMAS | frozenset(PREP_CUES)
)
# Prepositions that introduce an adjective's or a stance's content.
CONTENT_PREPS = frozenset({"about", "of", "on", "over", "with", "to", "for", "against", "at"})
# "declined to comment": only these complements make decline/refuse a cue.
SPEECH_COMPLEMENTS = frozenset(
    """
    answer comment confirm detail disclose elaborate explain identify name
    respond reveal say specify
    """.split()
)
REFUSAL_LEMMAS = frozenset({"decline", "refuse"})
# Verbs with a hearer before the content: "told leaders that ...".
TELL_LEMMAS = frozenset({"tell", "remind", "assure", "inform", "warn", "convince", "notify"})
# Acts of speech that may follow a first one: "X said Y and warned Z".
SPEECH_ACT_LEMMAS = frozenset(
    """
    accuse acknowledge add admit allege announce argue ask assert blame
    call claim complain concede confirm contend criticize declare deny
    describe dismiss emphasize explain express insist maintain mention
    note pledge praise predict promise question recall reiterate repeat
    reply respond say stress suggest tell threaten urge vow warn
    """.split()
)
# Objects that make a stock phrase of a cue: "spoke on condition of
# anonymity", "did not respond to requests for comment".
STOCK_OBJECTS = {
    "speak": {"condition", "behalf", "background", "record"},
    "respond": {"request", "inquiry", "call", "message", "email"},
}
# Words that open an embedded question: "asked whether/what/why ...".
QUESTION_OPENERS = frozenset(
    "if whether what who whom whose which why how when where".split()
)
YES_NO = frozenset({"yes", "no"})
QUESTION_TIMES = frozenset({"when", "after", "once", "if", "before"})
# Marks of a clause that is the condition of another ("When X ask for help").
CONDITION_MARKS = frozenset({"when", "whenever", "if", "unless", "once"})
# What may follow a closing "..., Reuters reported": "on Monday", "again".
TAIL_POS = frozenset({"ADV", "ADP", "PROPN", "NOUN", "DET", "NUM"})
# Perception without a named perceiver: "X seemed to Y", "it appears that".
SEEM_LEMMAS = frozenset({"seem", "appear"})
# What is told when it is the object of "tell": "told a tale of two parties".
TALE_NOUNS = frozenset({"anecdote", "joke", "story", "tale"})
# Sentence-initial words that are no surname read as a common word ("Jolly said").
TIME_WORDS = frozenset(
    "earlier lately later meanwhile previously separately today tomorrow tonight yesterday".split()
)
# Subordinators of an adverbial clause, which is never the reported content:
# "But when the council cut the grant, the museum said enough."
SUBORDINATORS = frozenset(
    "after although as because before if once since though unless until when whenever while".split()
)
# Subordinators of a contrasting clause: "X said Y, though she noted Z".
CONTRAST_MARKS = frozenset({"although", "though", "while", "whereas"})
TIME_MARKS = frozenset({"after", "before", "when"})
# What a speaker's noun phrase may hold: "about the same share", "a few of them".
PHRASE_POS = frozenset({"DET", "ADJ", "ADV", "NOUN", "PROPN", "PRON", "NUM", "ADP"})
# Light verbs whose object names the speech act: "made the case that",
# "made no mention of", "gave a speech on", "made comments about".
LIGHT_VERBS = frozenset({"make", "give", "deliver"})
LIGHT_NOUNS = frozenset(
    """
    accusation allusion announcement appeal argument case claim comment joke
    mention pitch plea pledge point prediction promise reference remark
    speech statement threat vow
    """.split()
)
LIGHT_PREPS = frozenset({"about", "of", "on", "for", "against", "regarding"})
LIGHT_TO_NOUNS = frozenset({"reference", "allusion"})  # else "to" names the audience
# Official acts reported in the passive without their speaker: "was declared
# the winner", "was charged with assault", "was accused of fraud".
PASSIVE_ACT_LEMMAS = frozenset({"announce", "declare", "charge", "accuse"})
PASSIVE_ACT_PREPS = {"charge": {"with"}, "accuse": {"of"}}
# Passive cues without an agent hedge rather than attribute: "is believed".
HEDGE_PASSIVE_LEMMAS = frozenset(
    "allege believe claim estimate expect know report rumor rumour say "
    "suspect think understand".split()
)
HEDGE_ADVERBS = frozenset(
    {"reportedly", "allegedly", "purportedly", "supposedly", "reputedly"}
)
# "according to reports" names no source: it is a hedge as well.
ANONYMOUS_SOURCE_NOUNS = frozenset({"report", "reports", "media", "rumors", "rumours"})
# Nouns that extend a cue: "said in a statement", "told in an interview".
STATEMENT_NOUNS = frozenset(
    """
    address appearance briefing broadcast conference email e-mail facebook
    filing interview letter memo message news op-ed post press radio release
    remarks speech statement television testimony tweet twitter tv video
    """.split()
)
STATEMENT_PREPS = frozenset({"in", "at", "on", "during", "via"})
# Where something was said is no content: "spoke on the radio", "posted
# a message on Twitter"; nor is the act's own noun: "released a statement".
MEDIUM_NOUNS = frozenset(
    """
    broadcast channel facebook network phone plane podcast program programme
    radio show television tv twitter
    """.split()
)
# A quotation right after these (or after them and a comma) names a work:
# "the civil rights anthem “A Change Is Gonna Come”", "his book, “X,”".
TITLE_NOUNS = frozenset(
    """
    album anthem article ballad book column documentary essay film headline
    hymn memoir movie novel op-ed play poem series slogan song titled
    entitled dubbed track
    """.split()
)
PUBLISHING_LEMMAS = frozenset({"issue", "post", "release", "send", "tweet"})
STATEMENT_OBJECTS = frozenset({"comment", "comments", "message", "statement", "tweet"})
CUE_PARTICLES = frozenset({"out"})  # "pointed out"
CUE_MODIFIER_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})

# News outlets are credited in reported_by, not made speakers.
OUTLETS = frozenset(
    """
    abc news|afp|agence france-presse|agence france presse|al jazeera|ansa|ap|
    associated press|axios|bbc|bbc news|bloomberg|breitbart|business insider|
    buzzfeed news|cbs|cbs news|cnbc|cnn|der spiegel|dpa|efe|financial times|
    fox news|guardian|huffington post|huffpost|interfax|itar-tass|kyodo|
    le monde|los angeles times|msnbc|nbc|nbc news|new york times|newsweek|npr|
    pbs|politico|reuters|ria novosti|sana|tass|the hill|the times|time|
    usa today|vox|wall street journal|washington post|xinhua|yonhap
    """.replace("\n", "").split("|")
)
OUTLET_HEADS = frozenset(
    """
    agency broadcasting channel daily gazette herald journal magazine network
    news newspaper post press radio reuters telegraph television times tribune
    tv wire
    """.split()
)

OPEN_DOUBLE = frozenset({"“", "„", "«", "``"})
CLOSE_DOUBLE = frozenset({"”", "»"})
# Straight quotes open and close alike; '' is how some newswires write them.
STRAIGHT_DOUBLE = frozenset({'"', "''"})
OPEN_SINGLE = "‘"
CLOSE_SINGLE = "’"
QUOTE_MARKS = OPEN_DOUBLE | CLOSE_DOUBLE | STRAIGHT_DOUBLE | {OPEN_SINGLE, CLOSE_SINGLE}
EDGE_PUNCT = frozenset({",", ";", ":", "—", "–", "-", "--", "―"})
DASHES = frozenset({"—", "–", "-", "--", "―"})
# A reporting clause set off by these is parenthetical: "..., he said."
SEPARATORS = frozenset({",", "—", "–", "--"})
EDGE_CONJUNCTIONS = frozenset({"and", "but", "or"})
RELATIVE_PRONOUNS = frozenset({"who", "whom", "which"})
TERMINAL_PUNCT = frozenset({".", "!", "?", "…", "...", ":", ";"})
# Quotes ending like this are complete utterances, not scare quotes.
QUOTE_CLOSERS = frozenset({",", "?", "!", ".", "…", "—", "–", ":"})
STOPS = frozenset({".", "!", "…", "..."})

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
VERBAL = frozenset({"VERB", "AUX"})
NP_LEFT_DEPS = frozenset(
    {"det", "poss", "amod", "compound", "nmod", "nummod", "quantmod", "predet", "case"}
)
# Headlines are short; a long line without final punctuation is body text.
MAX_HEADLINE_TOKENS = 25
MIN_CLAIM_WORDS = 3
