"""Every word list of the non-English extractors (issue #26), by language.

Short on purpose: the verbs that carry most attributions in news copy, the
"according to" phrases, the quotation marks each language's press uses, and
the words of comparison the rule score looks for. A word is added when an
article of ours shows it missing.
"""

from __future__ import annotations

# Opening -> closing quotation marks, per language ("*" for all others).
# German and Polish open low („); German books also use »…«.
QUOTES = {
    "fr": {"«": "»", "“": "”", '"': '"'},
    "es": {"«": "»", "“": "”", '"': '"'},
    "pt": {"«": "»", "“": "”", '"': '"'},
    "it": {"«": "»", "“": "”", '"': '"'},
    "de": {"„": "“", "»": "«", "“": "”", '"': '"'},
    "nl": {"„": "”", "“": "”", '"': '"', "‘": "’"},
    "pl": {"„": "”", "«": "»", '"': '"'},
    "ru": {"«": "»", "„": "“", '"': '"'},
    "tr": {"“": "”", '"': '"', "«": "»"},
    "ar": {"«": "»", "“": "”", '"': '"'},
    "zh": {"“": "”", "「": "」", "『": "』"},
    "ja": {"「": "」", "『": "』", "“": "”"},
    "ko": {"“": "”", '"': '"', "‘": "’"},
    "*": {"“": "”", '"': '"', "«": "»"},
}

# Verbs of saying (the forms news copy uses: past and present, 3rd person).
SAID = {
    "es": """dijo dice afirmó afirma aseguró asegura declaró declara explicó explica señaló
        señala indicó indica añadió sostuvo sostiene advirtió advierte denunció reconoció
        subrayó insistió manifestó anunció precisó""",
    "pt": """disse diz afirmou afirma declarou declara explicou explica garantiu garante
        assegurou sublinhou acrescentou referiu adiantou anunciou defendeu admitiu""",
    "it": """detto dichiarato affermato spiegato sottolineato aggiunto annunciato
        dice dichiara afferma spiega sottolinea aggiunge sostiene sostenuto""",
    "de": """sagte sagt erklärte erklärt betonte betont behauptete behauptet meinte meint
        teilte mitteilte sagten erklärten warnte warnt kündigte""",
    "nl": """zei zegt verklaarde verklaart stelde stelt benadrukte beweerde meldde liet""",
    "pl": """powiedział powiedziała powiedzieli stwierdził stwierdziła oświadczył oświadczyła
        podkreślił podkreśliła zapowiedział dodał dodała przekazał""",
    "ru": """сказал сказала заявил заявила сообщил сообщила отметил отметила подчеркнул
        подчеркнула добавил добавила пояснил пояснила""",
    "tr": """dedi söyledi açıkladı belirtti vurguladı ifade""",
    "ar": """قال قالت أكد أكدت أعلن أعلنت أضاف أضافت صرح صرحت""",
    "zh": "表示 说 称 指出 强调 宣布",
    "ja": "述べた 語った 明らかにした 発表した 強調した",
    "ko": "말했다 밝혔다 강조했다 전했다 발표했다",
    "th": "กล่าว ระบุ เปิดเผย",
}

# "according to": the source follows the phrase (German "zufolge" and
# Turkish "göre", Japanese "によると", Korean "따르면" follow the source).
ACCORDING_TO = {
    "es": ("según", "de acuerdo con", "a juicio de"),
    "pt": ("segundo", "de acordo com", "conforme"),
    "it": ("secondo", "a detta di", "stando a"),
    "de": ("laut", "nach angaben von", "nach angaben der", "nach angaben des", "so"),
    "nl": ("volgens",),
    "pl": ("według", "zdaniem"),
    "ru": ("по словам", "по данным", "по мнению", "согласно"),
    "ar": ("وفقا لـ", "وفقا ل", "بحسب", "حسب"),
    "zh": ("据", "根据"),
}
ACCORDING_TO_AFTER = {
    "de": ("zufolge",),
    "tr": ("göre",),
    "ja": ("によると", "によれば"),
    "ko": ("따르면",),
}

# Words of comparison and change: a claim that compares is checkable.
COMPARISON = {
    "fr": """plus moins hausse baisse augmenté augmente diminué diminue doublé triplé record
        supérieur inférieur davantage pire meilleur recul reculé progression progressé
        chuté baissé""",
    "es": """más menos aumentó aumento subió bajó cayó récord duplicó triplicó superior
        inferior mayor menor peor mejor descenso""",
    "pt": """mais menos aumentou aumento subiu caiu desceu recorde duplicou superior
        inferior maior menor pior melhor""",
    "it": """più meno aumento aumentato salito sceso calato raddoppiato record superiore
        inferiore maggiore minore peggiore migliore""",
    "de": """mehr weniger gestiegen gesunken stieg sank verdoppelt rekord höher niedriger
        höchste niedrigste als größer kleiner""",
    "nl": """meer minder gestegen gedaald steeg daalde verdubbeld record hoger lager dan""",
    "pl": """więcej mniej wzrosła wzrósł spadła spadek wzrost rekord wyższy niższy niż""",
    "ru": """больше меньше вырос выросла снизился снизилась рекорд выше ниже чем""",
    "tr": """daha fazla az arttı azaldı rekor yüksek düşük""",
}
SAID = {code: frozenset(words.split()) for code, words in SAID.items()}
COMPARISON = {code: frozenset(words.split()) for code, words in COMPARISON.items()}

# French (french.py): lemmas of reporting verbs, and the inverted
# "a-t-il dit" pronouns spaCy splits off.
FRENCH_REPORTING_LEMMAS = frozenset(
    """
    déclarer affirmer dire estimer assurer expliquer indiquer souligner ajouter
    annoncer préciser rappeler confier juger considérer reconnaître avertir
    insister prévenir répondre démentir martéler réagir affirmé déclaré
    """.split()
)
FRENCH_ACCORDING_TO = ("selon", "d'après", "d’après", "pour")
FRENCH_OUTLET_VERBS = frozenset({"rapporter", "écrire", "révéler", "indiquer", "annoncer"})
# Outlets and agencies: credited as reported_by, never as the speaker.
OUTLET_NAMES = (
    "AFP", "Reuters", "AP", "Le Monde", "Le Figaro", "Libération", "Les Échos",
    "Le Parisien", "franceinfo", "France Info", "BFMTV", "France Inter", "RFI",
    "L'Équipe", "Ouest-France", "Mediapart", "Le Point", "L'Express", "L'Obs",
    "Europe 1", "RTL", "TF1", "France 2", "Le Journal du dimanche", "El País",
    "El Mundo", "EFE", "La Vanguardia", "ANSA", "dpa", "Der Spiegel", "Die Zeit",
    "La Repubblica", "Corriere della Sera", "Lusa", "Público",
)
OUTLETS = frozenset(name.lower() for name in OUTLET_NAMES)
FRENCH_PRONOUNS = frozenset({"il", "elle", "ils", "elles", "-il", "-elle", "-ils", "-elles"})
# Day and time words that follow a speaker ("a déclaré le ministre mardi").
FRENCH_TIME_WORDS = frozenset(
    "lundi mardi mercredi jeudi vendredi samedi dimanche hier aujourd'hui soir matin".split()
)

# The forms of FRENCH_REPORTING_LEMMAS news copy uses, for when the small
# model's lemmatizer misses one ("estime" kept as a noun's lemma).
FRENCH_REPORTING_FORMS = frozenset(
    form
    for lemma in FRENCH_REPORTING_LEMMAS
    if lemma.endswith("er")
    for form in (lemma[:-2] + "é", lemma[:-2] + "e", lemma[:-2] + "ent", lemma[:-2] + "ait")
) | frozenset(
    """
    dit dis disent disait déclare reconnaît reconnu prévenu répondu averti
    """.split()
)
