"""The privacy check: what in a briefing could identify a child or family before it is published."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

# It is a safety net, not a guarantee: it reads the way audit write-ups leak who someone is
# (names, nicknames, relatives, surnames of families, initials with an age, numbers, addresses,
# dates of birth) and lets pass what they legitimately say (Child A, roles, agencies, places,
# schemes and public reviews named after people). Someone still reads before publishing, and
# what they have checked is listed under `acknowledged:`.


@dataclass
class PrivacyFinding:
    """Something that could identify a child or family."""

    kind: str
    text: str
    start: int
    end: int
    message: str

    def __str__(self) -> str:
        return f"{self.message}: “{self.text}”"


def nhs_number_is_valid(digits: str) -> bool:
    """Whether ten digits carry a valid NHS number check digit (modulus 11)."""
    from stdnum.gb import nhs  # python-stdnum and phonenumbers load when first needed

    # A run of one digit passes the modulus 11 test but is never issued.
    return len(digits) == 10 and digits.isdigit() and len(set(digits)) > 1 and nhs.is_valid(digits)


def find_identifying(text: str) -> list[PrivacyFinding]:
    """Everything in ``text`` that looks like it could identify someone, in reading order."""
    norm = _normalised(text)
    found: list[PrivacyFinding] = []
    for kind, start, end, message in _candidates(norm.text):
        a, b = norm.span(start, end)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        # The first reading of a stretch of text wins: the detectors run most specific first.
        if a < b and not any(f.start < b and a < f.end for f in found):
            found.append(PrivacyFinding(kind, text[a:b], a, b, message))
    return sorted(found, key=lambda f: f.start)


def _candidates(t: str) -> Iterator[tuple[str, int, int, str]]:
    """Every reading of the normalised text, most specific first (kind, start, end, message)."""
    tokens = _tokens(t)
    # The words present, so that a pattern runs only where the word it needs appears.
    words = {token.lower for token in tokens}
    yield from _email_addresses(t)
    yield from _numbers(t, tokens)
    yield from _phone_numbers(t)
    yield from _dates_of_birth(t)
    yield from _dates_beside_ages(t)
    yield from _places(t, words)
    yield from _names(t, tokens, words)


# --- Normalising -------------------------------------------------------------------------------
# Evasions that passed before: a zero-width space inside a name, a look-alike letter from another
# alphabet, accents. Matching runs on a copy with those undone; offsets map back to the original.

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_PLAIN = {"’": "'", "‘": "'", "ʼ": "'", "′": "'", "“": '"', "”": '"', "„": '"'}
_PLAIN.update(dict.fromkeys("‐‑‒–—―−", "-"))
# Letters that Unicode does not decompose, spelled as the name lists spell them.
_PLAIN.update(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "Ae"}
)
_PLAIN.update({"œ": "oe", "Œ": "Oe", "ı": "i"})


@dataclass(frozen=True)
class _Normalised:
    """Text made plain for matching, and where each of its characters came from."""

    text: str
    origin: list[int] | None  # None when the text was plain already

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.origin is None:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1


def _normalised(text: str) -> _Normalised:
    """NFKC/NFKD folded, format characters removed, accents and look-alike letters made Latin."""
    if text.isascii():
        return _Normalised(text, None)
    out: list[str] = []
    origin: list[int] = []
    done = 0
    for match in _NON_ASCII.finditer(text):
        at = match.start()
        out.append(text[done:at])
        origin.extend(range(done, at))
        done = match.end()
        char = match.group()
        if unicodedata.category(char) == "Cf":  # zero-width spaces and joiners, soft hyphens
            continue
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            plain = _PLAIN.get(part) or _latin_look_alike(part)
            out.append(plain)
            origin.extend([at] * len(plain))
    out.append(text[done:])
    origin.extend(range(done, len(text)))
    return _Normalised("".join(out), origin)


@cache
def _latin_look_alike(char: str) -> str:
    """The Latin letter that ``char`` is drawn like (Cyrillic а, Greek ο), or ``char`` itself."""
    if char.isascii() or not char.isalpha():
        return char
    # Unicode's confusables data, from a small package; imported here so that loading the module
    # stays quick.
    from confusable_homoglyphs import confusables

    for found in confusables.is_confusable(char, preferred_aliases=["latin"]) or []:
        for glyph in found["homoglyphs"]:
            letter = str(glyph["c"])
            if len(letter) == 1 and letter.isascii() and letter.isalpha():
                if letter == "l" and char.isupper():
                    letter = "I"  # Unicode draws capital I as l; a capital looks like I
                return letter.upper() if char.isupper() else letter.lower()
    return char


# --- The word lists ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Vocabulary:
    """The name and word lists in privacy_data/, loaded once, the first time they are needed."""

    given: frozenset[str]
    uk_given: frozenset[str]  # given in Britain's communities today (starred in the list)
    surnames: frozenset[str]
    common_surnames: frozenset[str]  # the 500 commonest in Great Britain
    everyday: frozenset[str]  # English words written in lower case
    proper: frozenset[str]  # English words written with a capital, lower-cased
    public: re.Pattern[str]  # names that are public record (privacy_data/public_names.txt)
    public_first_words: frozenset[str]

    def name_like(self, word: str) -> bool:
        """A given name; an everyday word only when it is given in Britain ("Grace", "Poppy",
        but not "North" or "Council", which only other countries' lists have)."""
        return word in self.given and (word not in self.everyday or word in self.uk_given)

    def ambiguous(self, word: str) -> bool:
        """A given name that is also something else: a word, a month, a place."""
        # A proper noun of English that only other countries' lists give as a name is more
        # likely the place or thing ("Bristol", "Chester") than a person.
        return word in self.everyday or word in _SENSE_WORDS or self.place_like(word)

    def place_like(self, word: str) -> bool:
        """A given name that is as often a place: "Chester", and "Bristol", which only other
        countries' lists give as a name."""
        return word in _PLACES_NAMED_LIKE_PEOPLE or (
            word in self.proper and word not in self.uk_given
        )

    def surname_like(self, word: str) -> bool:
        """A surname, unless it is as often a place ("Yorkshire"): proper nouns of English
        count only when they are among the commonest surnames."""
        return word in self.surnames and (
            word not in self.proper or word in self.common_surnames or word in self.given
        )

    def known_word(self, word: str) -> bool:
        """An English word or proper noun that is not a person's name."""
        return (word in self.everyday or word in self.proper or word in _AGENCIES) and not (
            word in self.given and word not in self.everyday
        )


def _lines(name: str) -> list[str]:
    # Found from the package root, so the module can move into a subpackage.
    path = files("assistant.publishing").joinpath("privacy_data", name)
    return [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@cache
def _vocabulary() -> _Vocabulary:
    given = [line.split() for line in _lines("given_names.txt")]
    surnames = [line.split() for line in _lines("surnames.txt")]
    words = _lines("english_words.txt")
    public = sorted(
        {_normalised(line.strip()).text.lower() for line in _lines("public_names.txt")},
        key=len,
        reverse=True,
    )
    return _Vocabulary(
        given=frozenset(parts[0] for parts in given),
        uk_given=frozenset(parts[0] for parts in given if parts[1:] == ["*"]),
        surnames=frozenset(parts[0] for parts in surnames),
        common_surnames=frozenset(parts[0] for parts in surnames if parts[1:] == ["*"]),
        everyday=frozenset(word for word in words if word.islower()),
        proper=frozenset(word.lower() for word in words if not word.islower()),
        public=re.compile(
            r"(?<![\w'])(?:" + "|".join(re.escape(p) for p in public) + r")(?![\w])", re.I
        ),
        public_first_words=frozenset(_first_word(p) for p in public),
    )


def _first_word(name: str) -> str:
    """The first word of a name as the tokens have it: "barnardo" of "barnardo's"."""
    found = re.match(r"[a-z]+(?:['-][a-z]+)*", name)
    return found.group().removesuffix("'s") if found else name


# Vocabulary of the field, kept here because it is part of how the check reads.

# Places that are also given names: after a preposition or before "area" they are places.
_PLACES_NAMED_LIKE_PEOPLE = frozenset(
    """
    ashford ashton barry bedford beverley bradford bradley brent camden carlisle chelsea chester
    clifton crawley derby devon dudley ely florence georgia hamilton harlow harrow hastings hayes
    india jersey jordan kendal kent kingsley kingston lancaster leigh lincoln livingston milton
    morley paris preston ripley rugby selby sheldon shelby shirley stafford stanley sutton sydney
    victoria warwick wells whitby winchester windsor christian
    """.split()
)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# Names that begin a sentence in their other sense more often than as a name.
_SENSE_WORDS = frozenset(_MONTHS.lower().split("|")) | frozenset(
    "hope faith joy will bill summer autumn spring winter patience charity honour honor trinity "
    "destiny harmony unity justice mercy".split()
)
# Organisations and systems the word lists do not know, named in audit write-ups all the time.
_AGENCIES = frozenset(
    """
    barnardo's barnardos cafcass ofsted childline nspcc kidscape mencap papyrus samaritans coram
    brook relate gingerbread liquidlogic mosaic eclipse carefirst systmone emis rio ehm lado
    marac mash camhs iro catch22 home-start homestart
    """.split()
)
_KIN_WORDS = frozenset(
    """
    mum mummy mam mom mother dad daddy father stepmum step-mum stepmother step-mother stepdad
    step-dad stepfather step-father partner ex-partner boyfriend girlfriend husband wife brother
    sister half-brother half-sister stepbrother step-brother stepsister step-sister sibling son
    daughter baby cousin uncle aunt auntie aunty nan nana nanna nanny gran granny grandma
    grandmother grandad granddad grandpa grandfather great-grandmother great-grandfather
    great-gran great-nan niece nephew godmother godfather friend neighbour lodger carer
    childminder babysitter
    """.split()
)
_KIN = "(?:" + "|".join(sorted(_KIN_WORDS, key=len, reverse=True)) + ")"
# A capitalised word just before one of these is the name of something, not of someone:
# "Anna Freud Centre", "St Thomas' Hospital", "Clare's Law", "Victoria Road".
_INSTITUTION = frozenset(
    """
    hospital hospitals hospice hospices school schools academy primary infant infants junior
    juniors high college university nursery nurseries centre center clinic surgery practice
    foundation trust fund charity society institute project service services team unit ward
    council borough county city partnership board police constabulary court courts prison
    library church chapel mosque temple gurdwara synagogue cathedral hall house home homes place
    road street lane avenue close drive way crescent grove gardens terrace square park estate
    walk mews row rise view parade station airport stadium hotel inn arms review reviews inquiry
    report law laws act principle rule syndrome model approach framework programme award
    memorial building wing tool scale test method hub group network alliance association
    federation commission committee panel forum office department agency authority campaign wish
    appeal lecture bill
    """.split()
)
_DETERMINERS = frozenset("the a an this these those our their its each every any no whose".split())
_PREPOSITIONS_OF_PLACE = frozenset(
    "in across throughout around near outside within between from into towards".split()
)
# Verbs and words that follow a person as the subject of a sentence.
_PERSON_FOLLOWERS = frozenset(
    """
    said says told tells disclosed discloses reported reports explained explains stated states
    shared shares asked asks described describes alleged admitted denied cried screamed shouted
    refused refuses wanted wants liked likes loved loves enjoyed enjoys attended attends lived
    lives went goes ran returned moved became started stopped missed presented appeared continued
    tried seemed felt feels looked is was has had did does would could and also then herself
    himself who whose
    """.split()
)
# The narrower set for a word that no list knows: places and organisations are never these.
_PERSON_ONLY_FOLLOWERS = frozenset(
    """
    said says told tells disclosed discloses explained explains stated admitted denied cried
    screamed shouted alleged refused wanted wants liked likes loved loves enjoyed enjoys lived
    herself himself
    """.split()
)
_PERSON_BEFORE = re.compile(
    r"(?:spoke (?:to|with)|speaking (?:to|with)|talked (?:to|with)|saw|seen|asked|told|"
    r"named|called|collected|weighed|examined|protect|protected|with|for|about)\s+$",
    re.I,
)
# The narrower set for a word that no list knows ("launched with Hertfordshire" is a county).
_PERSON_ONLY_BEFORE = re.compile(
    r"(?:spoke (?:to|with)|speaking (?:to|with)|talked (?:to|with)|saw|seen|asked|told|named|"
    r"called|weighed|examined)\s+$",
    re.I,
)
# A word followed by an age is a person: "Olly, aged 9,", "Kezza (24)".
_AGE_APPOSITION = re.compile(r",?\s*(?:,|\()\s*(?:aged?\s+)?\d{1,2}\s*(?:\)|,|years?\b)")
_RELATIONS = frozenset(
    """
    mother father mum dad mam brother sister brothers sisters nan gran grandmother grandfather
    aunt uncle teacher school bedroom behaviour attendance weight injuries injury account
    disclosure needs voice views wishes feelings baby partner boyfriend girlfriend stepfather
    stepmother stepdad father's mother's
    """.split()
)
# Capitals that are acronyms of the field, never names written in capitals.
_ACRONYMS = frozenset(
    """
    elsa dash sam tac taf mast lac cla cin sen send gp hv sw cp iro dsl yot yjs cse cce fgm asb emis
    rio cad pnc pnd lcs ehm
    pcso cpn gcp icpc rcpc mash ppu edt lado marac mappa camhs sgo plo fgc ehm eha ehcp ceop
    ofsted nspcc nhs ics icb ccg scr cspr lcspr scp lscp lscb dbs ppo epo ico lead ma sudi sudc
    """.split()
)


# --- Email addresses and numbers ---------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+'-])([\w.+'-]+)@([\w-]+(?:\.[\w-]+)+)")
# The words a team's or partnership's own mailbox is made of (safeguarding@, lscp@, mash@).
_MAILBOX_WORDS = sorted(
    """
    safeguarding safeguard children childrens child scp lscp mscp scb lscb partnership board
    mash frontdoor front door hub team duty admin info enquiries enquiry contact learning training
    development business office unit service services referrals referral ehm earlyhelp early help
    edt emergency out of hours ooh lado iro cp conference conferences audit quality qa support
    helpline help police public protection ppu cse exploitation missing family families social
    care csc reviews review panel press media communications comms hello reception admissions
    advice line mailbox secure dsl senco head headteacher designated lead safeguardinglead
    """.split(),
    key=len,
    reverse=True,
)


def _email_addresses(t: str) -> Iterator[tuple[str, int, int, str]]:
    for match in _EMAIL.finditer(t):
        if not _is_mailbox_of_a_service(match.group(1)):
            yield "email", match.start(), match.end(), "a personal email address"


def _is_mailbox_of_a_service(local: str) -> bool:
    """Whether the part before @ names a team or service (lscp@, westshire.scp@), not a person."""
    if any(char.isdigit() for char in local):
        return False
    vocab = _vocabulary()
    names_a_service = False
    for part in filter(None, re.split(r"[._+-]", local.lower())):
        rest = part
        while rest:
            word = next((w for w in _MAILBOX_WORDS if rest.startswith(w) or rest.endswith(w)), "")
            if not word:
                break
            names_a_service = True
            rest = rest[len(word) :] if rest.startswith(word) else rest[: -len(word)]
        if rest and (len(rest) <= 2 or rest in vocab.given or rest in vocab.surnames):
            return False  # "sarah.jones", "jsmith", "d.hughes": a person's mailbox
    return names_a_service


_NHS = re.compile(
    r"(?<![\w/.-])(\d{3})(?:\s*[.-]\s*|\s)?(\d{3})(?:\s*[.-]\s*|\s)?(\d{4})(?![\w/]|[.-]\d)"
)
_NHS_CONTEXT = re.compile(r"\bNHS\b[^.\n]{0,25}$", re.I)
_NI = re.compile(
    r"(?<![\w])([A-Za-z]{2})[\s-]?(\d{2})[\s-]?(\d{2})[\s-]?(\d{2})(?:[\s-]?([A-Da-d]))?(?![\w])"
)
_NI_CONTEXT = re.compile(r"\b(?:national insurance|NI|NINO|N\.I\.)\b[^.\n]{0,25}$", re.I)
_UPN = re.compile(r"(?<![\w])[A-Za-z]\d{12}(?![\w])")
_UPN_CONTEXT = re.compile(r"\b(?:UPN|ULN|pupil)\b[^.\n]{0,30}$", re.I)
_REF_TOKEN = r"(?<![\w/-])([A-Za-z]{0,4}[/-]?\d[\w/-]*)"
# A police or case reference: a word naming the record, then a token with enough digits.
_REF = re.compile(
    r"\b(?:(?:crime|police|incident|occurrence|custody|arrest|court|case|claim|referral|client|"
    r"person|child|family|file|record|log)\s+(?:case\s+)?"
    r"(?:ref(?:erence)?|no|num(?:ber)?|ID|identifier|log|record|URN|CRN)\b|crime\s+ref|URN|CRN|ID|"
    r"CAD|STORM|Niche|Athena|PNC|PND|Mosaic|LCS|Liquidlogic|EHM|Eclipse|Carefirst|SystmOne|"
    r"EMIS)\b\.?[^.\n]{0,30}?" + _REF_TOKEN,
    re.I,
)
_REF_WORDS = frozenset(
    """
    crime police incident occurrence custody arrest court case claim referral client person
    child family file record log urn crn id cad storm niche athena pnc pnd mosaic lcs
    liquidlogic ehm eclipse carefirst systmone emis
    """.split()
)
# Shapes that are references even without a word before them: 12/34567/22, MA22P01234.
_REF_SHAPE = re.compile(r"(?<![\w/])(?:\d{2}/\d{5,7}/\d{2}|[A-Z]{2}\d{2}[A-Z]\d{5})(?![\w/])")
_DATE_TOKEN = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|(?:19|20)\d\d(?:[/-]\d\d)?")
_VEHICLE = re.compile(r"(?<![\w])[A-Z]{2}\d{2}\s?[A-Z]{3}(?![\w])")
_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_.]{3,30})(?![\w@])")
_POSTCODE = re.compile(
    r"(?<![\w])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2})(?![\w])", re.I
)


def _numbers(t: str, tokens: list[_Token]) -> Iterator[tuple[str, int, int, str]]:
    from stdnum.gb import upn

    for match in _NHS.finditer(t):
        digits = "".join(match.groups())
        if nhs_number_is_valid(digits) or _NHS_CONTEXT.search(
            t, max(0, match.start() - 40), match.start()
        ):
            yield "NHS number", match.start(), match.end(), "an NHS number"
    for match in _NI.finditer(t):
        letters_are_capitals = match.group(1).isupper()
        if (match.group(5) and letters_are_capitals) or _NI_CONTEXT.search(
            t, max(0, match.start() - 40), match.start()
        ):
            yield "NI number", match.start(), match.end(), "a National Insurance number"
    for match in _UPN.finditer(t):
        if upn.is_valid(match.group()) or _UPN_CONTEXT.search(
            t, max(0, match.start() - 40), match.start()
        ):
            yield "pupil number", match.start(), match.end(), "a unique pupil number"
    for match in _matches_at(_REF, t, tokens, _REF_WORDS):
        token = match.group(1).rstrip("/-")
        if sum(c.isdigit() for c in token) >= 4 and not _DATE_TOKEN.fullmatch(token):
            end = match.start(1) + len(token)
            yield "reference", match.start(1), end, "a police or case reference"
    for match in _REF_SHAPE.finditer(t):
        yield "reference", match.start(), match.end(), "a police or case reference"
    for match in _POSTCODE.finditer(t):
        yield "postcode", match.start(), match.end(), "a UK postcode"
    for match in _VEHICLE.finditer(t):
        yield "vehicle", match.start(), match.end(), "a vehicle registration"
    for match in _HANDLE.finditer(t):
        if not _is_mailbox_of_a_service(match.group(1)):
            yield "social media name", match.start(), match.end(), "a social media name"


_PHONE = re.compile(
    r"(?<![\w/+.])(?:\+\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?|\(0\d{2,4}\)[\s.-]?|0)\d[\d\s.()-]{6,14}\d"
    r"(?![\w/])"
)
_SERVICE_WORDS = re.compile(
    r"\b(?:MASH|front door|helpline|advice line|duty|team|service|hub|council|partnership|"
    r"office hours|switchboard|reception|contact cent(?:re|er)|out of hours|LADO|safeguarding)\b",
    re.I,
)
_FAMILY_WORDS = re.compile(
    rf"\b(?:{_KIN}s?|family|home|his|her|their|personal|mobile)\b|'s\b", re.I
)
_CONTACT_LINE = re.compile(
    r"\s*(?:Tel|Telephone|Phone|Call|Contact|Helpline)\b[.:]?\s*[\d\s()+.-]{9,20}$", re.I
)
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=\S))+[.!?]?")


def _phone_numbers(t: str) -> Iterator[tuple[str, int, int, str]]:
    import phonenumbers
    from phonenumbers import PhoneNumberType

    # Numbers the public are given for a service: freephone, 03, 084 and 087 numbers.
    services = {
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.UAN,
        PhoneNumberType.PREMIUM_RATE,
        PhoneNumberType.VOICEMAIL,
    }
    for match in _PHONE.finditer(t):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) < 9:
            continue
        try:
            number = phonenumbers.parse(match.group(), "GB")
        except phonenumbers.NumberParseException:
            continue
        kind = phonenumbers.number_type(number)
        national = str(number.national_number)
        if kind in services:
            continue
        if number.country_code == 44 and national[:1] in "389":
            continue  # 03, 08 and 09 numbers are services even in ranges not yet issued
        if number.country_code == 44 and national[:1] in "12" and _said_of_a_service(t, match):
            continue  # a team's landline, not a family's
        yield "phone", match.start(), match.end(), "a phone number"


def _said_of_a_service(t: str, match: re.Match[str]) -> bool:
    sentence = _sentence_around(t, match.start())
    rest = sentence.replace(match.group(), " ")
    if _FAMILY_WORDS.search(rest):
        return False
    if _SERVICE_WORDS.search(rest):
        return True
    # A contact block: "Tel: 020 ..." on its own line under a team's name or mailbox.
    line_start = t.rfind("\n", 0, match.start()) + 1
    line_end = t.find("\n", match.end())
    line = t[line_start : line_end if line_end >= 0 else len(t)]
    if not _CONTACT_LINE.match(line):
        return False
    above = [x for x in t[max(0, line_start - 300) : line_start].splitlines() if x.strip()][-3:]
    return any(
        _SERVICE_WORDS.search(x)
        or any(_is_mailbox_of_a_service(m.group(1)) for m in _EMAIL.finditer(x))
        for x in above
    )


def _sentence_around(t: str, at: int) -> str:
    for sentence in _SENTENCE.finditer(t):
        if sentence.start() <= at < sentence.end():
            return sentence.group()
    return ""


# --- Dates -------------------------------------------------------------------------------------

_ORDINALS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    "twenty[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth|"
    "thirty[- ]first"
)
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORDINALS})"
_DAY_AND_MONTH = (
    rf"(?:(?:the\s+)?{_DAY}(?:\s+of)?\s+(?:{_MONTHS})\b\.?|(?:{_MONTHS})\.?\s+(?:the\s+)?{_DAY}\b)"
)
_YEAR = r"(?:19|20)\d\d"
_NUMERIC_DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d\d|(?:19|20)\d\d-\d\d-\d\d)"
_EXACT_DATE = re.compile(rf"\b(?:{_DAY_AND_MONTH},?\s+{_YEAR}|{_NUMERIC_DATE})(?![\d/])", re.I)
_DATE_OF_BIRTH = re.compile(
    rf"\b(?:DOB|D\.O\.B\.?|date of birth|born(?:\s+on|\s+in|[^.\n]{{0,40}}?\s+on)?|"
    rf"birthday(?:\s+is)?(?:\s+on)?|"
    rf"b\.)\s*(?:is|was|of|:|-)?\s*(?:{_DAY_AND_MONTH}(?:,?\s+{_YEAR})?|{_NUMERIC_DATE}|"
    rf"(?:{_MONTHS})\s+{_YEAR})(?![\d/])",
    re.I,
)
_AGE_NUMBER = (
    r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen)"
)
# One person's age; "aged 5 and under", "aged 11 to 16" and "under-18s" are ranges, not ages.
_AGE = re.compile(
    rf"\b(?:aged?\s+(?:just\s+|nearly\s+|almost\s+)?{_AGE_NUMBER}\b"
    rf"(?!\s*(?:-|to|and|or)\s*(?:\d|under|over|older|younger|above|below|up\b|{_AGE_NUMBER}\b))"
    rf"|{_AGE_NUMBER}[- ](?:years?|yrs?|months?|weeks?)[- ]old\b|{_AGE_NUMBER}\s*(?:yo|y/o)\b"
    rf"|turn(?:ed|s)\s+{_AGE_NUMBER}\b|\b(?:then|now)\s+(?:aged\s+)?{_AGE_NUMBER}\b(?=\s*[,)])"
    rf"|\b(?:he|she|who|they)\s+(?:was|is|were|had turned)\s+(?:just\s+|only\s+)?{_AGE_NUMBER}\b"
    r"(?!\s*(?:%|per\b|of\b|times|minutes|hours|days|weeks)))"
    rf"|(?<=\b[A-Z] )\(\s*{_AGE_NUMBER}\s*\)",
    re.I,
)
_GROUP_BEFORE_AGE = re.compile(
    r"\b(?:children|young people|people|pupils|babies|infants|toddlers|teenagers|those|boys|girls|"
    r"students|adolescents|families|siblings|under|over|than|below|above)\b[\w\s,-]{0,12}$",
    re.I,
)


def _dates_of_birth(t: str) -> Iterator[tuple[str, int, int, str]]:
    for match in _DATE_OF_BIRTH.finditer(t):
        yield "date of birth", match.start(), match.end(), "a date of birth"


def _dates_beside_ages(t: str) -> Iterator[tuple[str, int, int, str]]:
    # An exact date in the same sentence as one person's age pins down a birthday.
    ages = list(_AGE.finditer(t))
    if not ages:
        return
    sentences = [m.span() for m in _SENTENCE.finditer(t)]
    starts = [start for start, _ in sentences]

    def sentence_of(at: int) -> tuple[int, int]:
        return sentences[max(0, bisect_right(starts, at) - 1)]

    with_an_age = {
        sentence_of(age.start())
        for age in ages
        if not _GROUP_BEFORE_AGE.search(
            t, max(sentence_of(age.start())[0], age.start() - 40), age.start()
        )
    }
    for date in _EXACT_DATE.finditer(t):
        if sentence_of(date.start()) in with_an_age:
            yield "date beside an age", date.start(), date.end(), "an exact date beside an age"


# --- Addresses ---------------------------------------------------------------------------------

_STREET = (
    "Road|Street|Avenue|Lane|Close|Drive|Way|Crescent|Court|Place|Gardens|Terrace|Grove|Row|"
    "Walk|Mews|Square|Parade|View|Rise|Hill|Green|Park|Vale|Croft|Fold|Bank|Brow|Boulevard|Gate|"
    "Meadows|Chase|Wynd"
)
_STREET_SHORT = "Rd|St|Ave|Dr|Ln|Cres|Cl|Gdns|Terr|Pl|Sq"
_STREET_WORDS = frozenset(f"{_STREET}|{_STREET_SHORT}".lower().split("|"))
_TITLE_WORD = r"(?:[A-Z][a-z'-]+|[A-Z]{2,}(?![a-z]))"
_ADDRESS = re.compile(
    rf"\b(?:(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+"
    rf"(?:{_TITLE_WORD}\s+){{1,3}}(?:(?i:{_STREET})|{_STREET_SHORT})\b\.?"
)
_FLAT = re.compile(
    rf"\b(?:Flat|Apartment|Apt)\s+\d+[A-Za-z]?,?\s+(?:{_TITLE_WORD}\s+){{1,3}}"
    rf"(?:{_STREET}|House|Lodge|Towers?|Heights|Point|Mansions|Buildings)\b"
)
# Courts, ways and the like that are institutions, not streets: "the Family Court in Chester".
_NOT_A_STREET = re.compile(
    r"(?:Family|Crown|County|Magistrates'?|Youth|High|Coroner'?s|Supreme|Appeal|Combined|Royal|"
    r"Justice|Leisure|Business|Retail|Science|Country|National|Care|Play|Skate)\s+\S+$"
)
_STREET_NAME = rf"(?:(?!The\b){_TITLE_WORD}\s+){{1,3}}(?:{_STREET})\b"
_STREET_AND_TOWN = re.compile(
    rf"({_STREET_NAME})(?:,\s*(?:in\s+)?|\s+in\s+|\s+\()((?!The\b|This\b|It\b|He\b|She\b|They\b)"
    rf"[A-Z][a-z'-]+(?:[- ](?:upon-|on-|under-)?[A-Z][a-z'-]+)?)"
)
_LIVING = (
    r"\b(?:live[sd]?|living|moved|move|moving|reside[sd]?|residing|rehoused|housed|staying|"
    r"stayed|address(?:\s+(?:is|was))?|lodging|sofa-surfing)\b(?:[\s,]+[\w'-]+){0,4}?[\s,]+"
)
_LIVING_WORDS = frozenset(
    "live lives lived living moved move moving reside resides resided residing rehoused housed "
    "staying stayed address lodging sofa-surfing".split()
)
_STREET_LIVED_ON = re.compile(rf"{_LIVING}(?:on|in|to|at|into|off)\s+({_STREET_NAME})")
_HOUSE = re.compile(
    rf"\b(?:The\s+)?(?:(?!The\b){_TITLE_WORD}\s+){{1,3}}(?:Cottages?|Farm|Farmhouse|Bungalow|Barn|"
    r"Lodge|Rectory|Vicarage|Croft|Grange|Manor|Villa|Nook|Cabin|Chalet|Mill|Byre|Stables|Granary|"
    r"Oast)\b(?!'s|\s+(?:Trust|Centre|Center|School|Primary|Nursery|Surgery|Practice|Medical|"
    r"Children's|Hospital|Hospice|Park|Road|Street|Lane|Estate|Care|Community|Academy|College|"
    r"Club|Hotel|Inn|Family|Health|Day|Residential|Unit|Services?|Project|Shop|Industrial))"
)
# "the family's home, Ivy House,": a house name given as the home.
_HOUSE_WORDS = frozenset(
    "cottage cottages farm farmhouse bungalow barn lodge rectory vicarage croft grange manor villa "
    "nook cabin chalet mill byre stables granary oast".split()
)
_HOUSE_NAMED = re.compile(
    r"\b(?:home|house|address|property)\s*(?:,|:|\bis\b|\bwas\b|\bcalled\b|\bnamed\b)\s*"
    r"((?:The\s+)?(?:(?!The\b)[A-Z][a-z'-]+\s+){1,3}(?:House|Hall|Lodge|View|Towers?|Heights))\b"
)
_HOUSE_LIVED_AT = re.compile(
    rf"{_LIVING}at\s+((?:The\s+)?(?:(?!The\b)[A-Z][a-z'-]+\s+){{0,3}}"
    rf"(?:(?!The\b)[A-Z][a-z'-]+))(?![\w'])"
)


def _places(t: str, words: set[str]) -> Iterator[tuple[str, int, int, str]]:
    streets = not words.isdisjoint(_STREET_WORDS)
    living = not words.isdisjoint(_LIVING_WORDS)
    for match in _ADDRESS.finditer(t) if streets else ():
        yield "address", match.start(), match.end(), "a street address"
    for match in _FLAT.finditer(t) if words & {"flat", "apartment", "apt"} else ():
        yield "address", match.start(), match.end(), "a street address"
    for match in _STREET_AND_TOWN.finditer(t) if streets else ():
        if not _NOT_A_STREET.search(match.group(1)) and not _is_public(t, match.start(1)):
            yield "street and town", match.start(), match.end(), "a street and town"
    for match in _STREET_LIVED_ON.finditer(t) if streets and living else ():
        if not _NOT_A_STREET.search(match.group(1)):
            yield "street", match.start(1), match.end(1), "a street name"
    for match in _HOUSE.finditer(t) if not words.isdisjoint(_HOUSE_WORDS) else ():
        yield "house name", match.start(), match.end(), "a house name"
    for match in _HOUSE_NAMED.finditer(t) if words & {"home", "house", "address"} else ():
        yield "house name", match.start(1), match.end(1), "a house name"
    vocab = _vocabulary()
    for match in _HOUSE_LIVED_AT.finditer(t) if living else ():
        if t[match.end(1) : match.end(1) + 1] == "'":
            continue  # "in North Yorkshire's audit"
        named = match.group(1).lower().split()
        if named[-1] not in _INSTITUTION and not all(vocab.known_word(w) for w in named):
            yield "house name", match.start(1), match.end(1), "a house name"


def _is_public(t: str, at: int) -> bool:
    return any(m.start() <= at < m.end() for m in _vocabulary().public.finditer(t))


# --- Names -------------------------------------------------------------------------------------

_Free = Callable[[int, int], bool]  # whether a stretch of text is free of allowed names

_WORD = re.compile(r"[A-Za-z](?:[A-Za-z'-]*[A-Za-z])?(?:'s|s')?")
_TITLE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Mx|Dr|Master|Mstr|Cllr)\b\.?\s+", re.I)
# Police ranks; in capitals only, and only before a surname ("PC Jones", not "DS Lead").
_RANK = re.compile(
    r"\b(?:PC|PCSO|DC|DS|DI|DCI|Sgt|Sergeant|Constable|Inspector)\.?\s+([A-Z][\w'-]+)"
)
_SAINT = re.compile(r"\b(?:St|Saint|Ste)\b\.?\s+[A-Z][\w'-]*")
_PSEUDONYM = re.compile(
    r"(?:Child|Adult|Sibling|Parent|Mother|Father|Person|Young Person|Baby|Case|Family|"
    r"Subject|Carer|Male|Female)\s+[A-Z\d]{1,2}\b"
)
# Authors cited as research is cited: "Brandon et al. (2008)", "Reder, Duncan and Gray (1993)".
_AUTHORS = r"[A-Z][\w'-]+(?:(?:,\s*|\s+(?:and|&)\s+)[A-Z][\w'-]+)*"
_CITATION = re.compile(rf"\b{_AUTHORS}(?:\s+et al\b\.?|\s*\((?:19|20)\d\d[a-z]?\))")
_BRACKETED = re.compile(
    rf"\b{_KIN}(?:'s\s+(?:new\s+)?{_KIN})?\s*,?\s*\(\s*(?:known as|aka|a\.k\.a\.|called|nicknamed)?"
    r"\s*[\"']?([^()\"\n]{1,30}?)[\"']?\s*\)",
    re.I,
)
_KNOWN_AS = re.compile(
    r"\b(?:(known(?:\s+[a-z]+){0,3}\s+as|aka|a\.k\.a\.|nicknamed|goes by)|"
    r"(?:call(?:s|ed)?|named) (?:himself|herself|themselves|him|her)|(called|named))\s+"
    r"([\"']?)((?:[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*)?)",
)
_RELATIVE = re.compile(rf"\b({_KIN})\s*,?\s+([A-Za-z][\w'-]*)(?:\s+([A-Z][\w'-]*))?", re.I)
_FAMILY = re.compile(
    r"\b([A-Za-z][\w'-]*)\s+(family|families|household|children|siblings|twins|brothers|sisters|"
    r"boys|girls|parents|home)\b",
)
_NEXT_CAPITALISED = re.compile(r"\s+([A-Z][\w-]*(?:'[A-Z][\w-]*)?)")
_NAME_GAP = re.compile(r"(?:'s|s'|')?\s+")
_PLURAL_SURNAME = re.compile(r"\b[Tt]he\s+([A-Z][A-Za-z'-]+?)(e?s)\b")
# What stands before "family" without naming one: "the foster family", "a White British family".
_FAMILY_WORDS_BEFORE = frozenset(
    """
    foster birth extended wider whole same host adoptive kinship blended nuclear immediate
    maternal paternal new other first second third previous entire large big young single lone
    step local military traveller gypsy roma refugee asylum each every any this that whose his
    her their our your my complex vulnerable troubled struggling white black asian british mixed
    christian muslim jewish sikh hindu working middle poor wealthy rich affluent homeless
    grieving bereaved separated divorced own two three four five six both all many most some
    these those such happy loving close supportive caring good bad busy chaotic abusive violent
    criminal royal english welsh scottish irish polish romanian pakistani indian bangladeshi
    somali nigerian eritrean afghan syrian kurdish ukrainian lithuanian european african
    caribbean chinese arab family the a an of for with and or in at to by on care children's
    childrens looked-after parent parents' care-experienced vulnerable target selected audited
    participating sampled remaining safeguarding
    """.split()
)
_INITIALS = re.compile(
    r"(?<![\w.])(?:(?:[A-Z]\.\s?){1,2}[A-Z]\.(?:\s?-\s?[A-Z]\.)?|[A-Z]\.\s?[A-Z]-[A-Z]\.|"
    r"[A-Z]{2,3})(?![\w])"
)
_AGE_AFTER_INITIALS = re.compile(
    r"\s*(?:,\s*|\(\s*)(?:(?:aged?|age)\s*)?\d{1,2}\s*(?:\)|,|years?|yrs?|y/?o|-year-old)"
    r"|\s*,?\s*(?:an?\s+)?\d{1,2}-year-old|\s*,?\s*aged\s+\d{1,2}"
)
_DOTTED_ABBREVIATIONS = frozenset(
    "U.K. U.S. E.U. N.H.S. G.P. D.O.B. A.M. P.M. I.E. E.G. N.B. P.S. R.I.P. B.A. M.A.".split()
)


class _Token:
    """A word of the normalised text, with its possessive ending set apart."""

    __slots__ = ("start", "end", "text", "possessive", "lower", "titled", "capitals")

    def __init__(self, start: int, end: int, text: str, possessive: bool) -> None:
        self.start = start
        self.end = end  # without the possessive
        self.text = text
        self.possessive = possessive
        self.lower = text.lower()
        self.capitals = len(text) > 1 and text.isupper()
        self.titled = text[:1].isupper() and not self.capitals


def _tokens(t: str) -> list[_Token]:
    tokens = []
    for match in _WORD.finditer(t):
        word = match.group()
        possessive = word.lower().endswith(("'s", "s'"))
        if possessive and word.lower().endswith("'s"):
            word = word[:-2]
        elif possessive:
            word = word[:-1]
        tokens.append(_Token(match.start(), match.start() + len(word), word, possessive))
    return tokens


def _starts_sentence(t: str, at: int) -> bool:
    before = t[max(0, at - 12) : at].rstrip(" \t\"'(*•-")
    if not before:
        return at <= 12 or not t[: at - 12].strip()
    return before[-1] in ".!?:;\n#|>"


def _names(t: str, tokens: list[_Token], words: set[str]) -> Iterator[tuple[str, int, int, str]]:
    vocab = _vocabulary()
    allowed = _allowed_spans(t, tokens, words, vocab)

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in allowed)

    yield from _titled_names(t, vocab, free)
    yield from _ranked_names(t, vocab, free)
    yield from _nicknames(t, tokens, vocab, free)
    yield from _relatives(t, tokens, vocab, free)
    yield from _family_surnames(t, vocab, free)
    yield from _initials(t)
    yield from _names_by_list(t, tokens, vocab, free)


def _allowed_spans(
    t: str, tokens: list[_Token], words: set[str], vocab: _Vocabulary
) -> list[tuple[int, int]]:
    """Stretches naming a public case, a saint, or something named after a person."""
    public = not words.isdisjoint(vocab.public_first_words)
    spans = [m.span() for m in vocab.public.finditer(t)] if public else []
    spans += [m.span() for m in _SAINT.finditer(t)]
    spans += [m.span() for m in _PSEUDONYM.finditer(t)]
    spans += [m.span() for m in _CITATION.finditer(t)]
    for i, token in enumerate(tokens):
        word = token.lower
        if not (token.titled or token.capitals or word in ("law", "act", "review", "inquiry")):
            continue
        if word not in _INSTITUTION:
            continue
        # Walk back over the capitalised words (and "of", "for", "and") that name it; "and" only
        # between words that are not names ("Paediatrics and Child Health", not "Aaliyah and").
        first = i
        while first > 0:
            before = tokens[first - 1]
            if not _NAME_GAP.fullmatch(t, before.end, tokens[first].start):
                break
            connector = before.lower in ("of", "for", "de") or (
                before.lower == "and" and first > 1 and not vocab.name_like(tokens[first - 2].lower)
            )
            if not (before.titled or before.capitals or connector):
                break
            first -= 1
        if first < i:
            spans.append((tokens[first].start, token.end))
    return spans


def _titled_names(t: str, vocab: _Vocabulary, free: _Free) -> Iterator[tuple[str, int, int, str]]:
    for match in _TITLE.finditer(t):
        words = _WORD.match(t, match.end())
        if not words:
            continue
        word = words.group().removesuffix("'s")
        lower = word.lower()
        title_in_lower_case = match.group(1).islower()
        if word[0].isupper():
            takes = lower not in _DETERMINERS and not (
                lower in vocab.everyday and title_in_lower_case
            )
        elif match.group(1).lower() == "miss":  # "miss school" is a verb and its object
            takes = lower in vocab.surnames and lower not in vocab.everyday
        else:
            takes = lower in vocab.surnames or lower in vocab.given or not vocab.known_word(lower)
        if not takes or not free(match.start(), match.end() + len(word)):
            continue
        end = match.end() + len(word)
        after = _NEXT_CAPITALISED.match(t, end)
        if after and not _is_institution_word(after.group(1)):
            end = after.end(1)
        elif len(word) == 1:
            continue  # "Mr X", "Ms B": how reviews write parents they do not name
        yield "name", match.start(), end, "a person's name"


def _ranked_names(t: str, vocab: _Vocabulary, free: _Free) -> Iterator[tuple[str, int, int, str]]:
    for match in _RANK.finditer(t):
        lower = match.group(1).lower().removesuffix("'s")
        if (vocab.surname_like(lower) or not vocab.known_word(lower)) and free(*match.span()):
            yield "name", match.start(), match.end(1), "a person's name"


def _is_institution_word(word: str) -> bool:
    return word.lower().removesuffix("'s") in _INSTITUTION


def _matches_at(
    pattern: re.Pattern[str], t: str, tokens: list[_Token], first_words: frozenset[str]
) -> Iterator[re.Match[str]]:
    """Matches of a pattern that starts with one of some words, tried only where one stands."""
    for token in tokens:
        if token.lower in first_words:
            match = pattern.match(t, token.start)
            if match:
                yield match


def _nicknames(
    t: str, tokens: list[_Token], vocab: _Vocabulary, free: _Free
) -> Iterator[tuple[str, int, int, str]]:
    for match in _matches_at(_BRACKETED, t, tokens, _KIN_WORDS):
        inside = match.group(1).strip()
        first = inside.split()[0].strip("'\"").removesuffix("'s") if inside.split() else ""
        lower = first.lower()
        if (
            not first
            or not first[0].isalpha()
            or any(c.isdigit() for c in inside)
            or _PSEUDONYM.match(inside)
            or first.isupper()
            or lower in _KIN_WORDS
            or lower in ("aged", "age", "deceased", "absent", "unknown", "not", "no", "the")
        ):
            continue
        if vocab.name_like(lower) or not vocab.known_word(lower.split("-")[0]):
            end = match.start(1) + len(match.group(1).rstrip("'\" "))
            yield "name", match.start(1), end, "a nickname"
    for match in _KNOWN_AS.finditer(t):
        name = match.group(4)
        words = name.split()
        lower = [w.lower().removesuffix("'s") for w in words]
        if _PSEUDONYM.match(name) or words[0].isupper() and len(words[0]) > 1:
            continue
        quoted = bool(match.group(3))
        if (
            not quoted
            and all(vocab.known_word(w) and not vocab.name_like(w) for w in lower)
            and (len(words) > 1 or match.group(2))  # "known as Early Help"; "called Childline"
        ):
            continue
        if free(match.start(4), match.end(4)):
            yield "name", match.start(4), match.end(4), "a nickname"


def _relatives(
    t: str, tokens: list[_Token], vocab: _Vocabulary, free: _Free
) -> Iterator[tuple[str, int, int, str]]:
    # "his nan Brenda", "her brother Tyler", "the baby's father, Jordan,"
    for match in _matches_at(_RELATIVE, t, tokens, _KIN_WORDS):
        word = match.group(2).removesuffix("'s")
        lower = word.lower()
        if len(word) < 2 or lower in _KIN_WORDS or lower in _DETERMINERS:
            continue
        if word[0].isupper():
            takes = (
                not word.isupper()
                and lower not in _SENSE_WORDS
                and (vocab.name_like(lower) or not vocab.known_word(lower))
                and lower not in _INSTITUTION
            )
        else:
            # In lower case only a plain name, or one set off by commas ("brother, mason,").
            set_off = t[match.end(1) : match.start(2)].strip() == "," and (
                t[match.start(2) + len(word) : match.start(2) + len(word) + 1] == ","
            )
            takes = (
                vocab.name_like(lower) and len(word) > 2 and (set_off or not vocab.ambiguous(lower))
            )
        if not takes or not free(match.start(2), match.start(2) + len(word)):
            continue
        end = match.start(2) + len(word)
        surname = match.group(3)
        if surname and word[0].isupper() and not _is_institution_word(surname):
            surname = surname.removesuffix("'s")
            if surname.lower() not in vocab.everyday or surname.lower() in vocab.surnames:
                end = match.start(3) + len(surname)
        yield "name", match.start(2), end, "a relative's name"


def _family_surnames(
    t: str, vocab: _Vocabulary, free: _Free
) -> Iterator[tuple[str, int, int, str]]:
    # "the Smith family", "the Kowalski children", "the Murphys"
    for match in _FAMILY.finditer(t):
        word = match.group(1).removesuffix("'s")
        lower = word.lower()
        parts = lower.split("-")
        if lower in _FAMILY_WORDS_BEFORE or any(p in _FAMILY_WORDS_BEFORE for p in parts):
            continue
        if _starts_sentence(t, match.start()) and match.group(2) in ("children", "parents"):
            continue
        if word.isupper():
            continue  # "UK children", "LAC siblings": acronyms
        if word[0].isupper():
            takes = all(
                vocab.surname_like(p) or not vocab.known_word(p) and p not in _INSTITUTION
                for p in parts
            )
        else:
            # In lower case only an unmistakable surname, or a common one after "the":
            # "the nowak family", "the smith family", but not "little family support".
            the_before = t[max(0, match.start() - 4) : match.start()].lower() == "the "
            takes = all(vocab.surname_like(p) and p not in vocab.everyday for p in parts) or (
                the_before and lower in vocab.common_surnames and match.group(2) != "home"
            )
        if takes and free(match.start(1), match.end(1)):
            yield "surname", match.start(1), match.end(2), "a family's surname"
    for match in _PLURAL_SURNAME.finditer(t):
        lower = match.group(1).lower()
        plural = lower + match.group(2)
        surname = lower in vocab.common_surnames or (
            vocab.surname_like(lower) and plural not in vocab.everyday
        )
        if surname and free(match.start(1), match.end(2)):
            yield "surname", match.start(1), match.end(2), "a family's surname"


def _initials(t: str) -> Iterator[tuple[str, int, int, str]]:
    for match in _INITIALS.finditer(t):
        initials = match.group()
        before = t[max(0, match.start() - 20) : match.start()]
        if re.search(
            r"(?:Child|Sibling|Baby|Person|Adult|Parent|Case|Family|Year|Key Stage)\s+$", before
        ):
            continue
        dotted = "." in initials
        if dotted and initials.replace(" ", "") in _DOTTED_ABBREVIATIONS:
            continue
        if not dotted and initials.lower() in _ACRONYMS:
            continue
        if dotted or _AGE_AFTER_INITIALS.match(t, match.end()):
            yield "initials", match.start(), match.end(), "a person's initials"


def _names_by_list(
    t: str, tokens: list[_Token], vocab: _Vocabulary, free: _Free
) -> Iterator[tuple[str, int, int, str]]:
    i = 0
    while i < len(tokens):
        token = tokens[i]
        reading = _name_reading(t, tokens, i, vocab) if _could_be_a_name(token, vocab) else None
        if reading is None or not free(token.start, token.end):
            i += 1
            continue
        message = reading
        last = i
        # Take the surname, or second given name, that follows in the same case.
        while last + 1 < len(tokens) and last - i < 2:
            after = tokens[last + 1]
            if t[tokens[last].end : after.start].strip() or tokens[last].possessive:
                break
            if not _continues_name(after, token, vocab):
                break
            last += 1
        yield "name", token.start, tokens[last].end, message
        i = last + 1


def _could_be_a_name(token: _Token, vocab: _Vocabulary) -> bool:
    """A quick first look, so that most words of a briefing cost one set lookup."""
    first = token.lower.split("-")[0]
    if token.text.islower():
        return first in vocab.uk_given
    return first in vocab.given or token.titled and not vocab.known_word(first)


def _continues_name(after: _Token, first: _Token, vocab: _Vocabulary) -> bool:
    word = after.lower
    if _is_institution_word(word) or word in _KIN_WORDS:
        return False
    if first.capitals:
        return after.capitals and (word in vocab.surnames or vocab.name_like(word))
    if first.titled:
        return after.titled and (
            word in vocab.surnames or vocab.name_like(word) or not vocab.known_word(word)
        )
    return not after.titled and word in vocab.surnames and word not in vocab.everyday


@dataclass(frozen=True)
class _Surroundings:
    """What stands around a word, as far as telling whether it is a name goes."""

    previous: _Token | None  # the word before, when only spaces lie between
    following: _Token | None  # the word after, likewise
    words_after: list[str]  # the next two words in lower case, after any possessive
    before: str  # up to 30 characters before the word
    sentence_start: bool

    @property
    def person_verb_after(self) -> bool:
        """ "Grace told", "Harry and his sister": what a person does."""
        first, rest = self.words_after[:1], self.words_after[1:]
        return bool(first) and (
            first[0] in _PERSON_FOLLOWERS - {"and"}
            or first == ["and"]
            and rest in (["his"], ["her"], ["their"])
        )

    @property
    def relation_after(self) -> bool:
        """ "Grace's mother", "Hope's school": a possessive before what a person has."""
        return any(w in _RELATIONS for w in self.words_after)


def _surroundings(t: str, tokens: list[_Token], i: int) -> _Surroundings:
    token = tokens[i]
    previous = tokens[i - 1] if i and not t[tokens[i - 1].end : token.start].strip() else None
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if following and t[token.end : following.start].strip():
        following = None
    after = t[token.end : token.end + 40]
    if token.possessive:
        after = after.removeprefix("'s").removeprefix("'")
    return _Surroundings(
        previous=previous,
        following=following if not token.possessive else None,
        words_after=re.findall(r"[a-z']+", after.lower())[:2] if after[:1].isspace() else [],
        before=t[max(0, token.start - 30) : token.start],
        sentence_start=_starts_sentence(t, token.start),
    )


def _name_reading(t: str, tokens: list[_Token], i: int, vocab: _Vocabulary) -> str | None:
    """Why ``tokens[i]`` reads as a person's name (the finding's message), or None."""
    token = tokens[i]
    word = token.lower
    if len(word) < 2 or word in _KIN_WORDS:
        return None
    parts = word.split("-")
    # Every part a given name, or a given name joined to surnames ("Leo-James", "Chloe-Louise").
    listed = vocab.name_like(parts[0]) and all(
        vocab.name_like(p) or p in vocab.surnames for p in parts
    )
    around = _surroundings(t, tokens, i)
    if token.titled:
        return _titled_name_reading(t, tokens, i, listed, around, vocab)
    if token.capitals:
        # In capitals: a name unless an acronym of the field or also a word ("GRACE").
        if word in _ACRONYMS or len(word) < 3 or not listed:
            return None
        surname_follows = bool(
            around.following
            and around.following.capitals
            and vocab.surname_like(around.following.lower)
        )
        return "a person's name" if surname_follows or not vocab.ambiguous(word) else None
    # In lower case. That is weak evidence (text from a PDF breaks words into pieces), so only
    # names given in Britain's communities today, and never one that is also a word or a place.
    if (
        token.text.islower()
        and len(word) > 2
        and all(p in vocab.uk_given for p in parts)
        and not any(vocab.ambiguous(p) for p in parts)
    ):
        return "a person's name"
    return None


def _titled_name_reading(
    t: str, tokens: list[_Token], i: int, listed: bool, around: _Surroundings, vocab: _Vocabulary
) -> str | None:
    token = tokens[i]
    word = token.lower
    after = t[token.end : token.end + 20]
    if around.previous and around.previous.lower in _DETERMINERS:
        return None  # "the Council", "the Lincoln area"
    if around.previous and not token.possessive:
        if around.previous.lower in _PREPOSITIONS_OF_PLACE and (
            not listed or vocab.ambiguous(word)
        ):
            return None  # "in Chester", "across Barry and Penarth"
        if around.previous.lower in ("of", "to", "at", "via", "near") and vocab.place_like(word):
            return None  # "the City of York", "moved to Chester"
    if re.match(r"\s+(?:area|region|district|borough|town|city|locality|office)\b", after):
        return None
    if re.search(r"\d\s*$", around.before) or re.match(r"[.:]?\s*\d", after):
        return None  # "31 January", "Case 3"
    if listed:
        if not vocab.ambiguous(word):
            return "a person's name"
        following = around.following
        surname_follows = bool(
            following
            and following.titled
            and (vocab.surname_like(following.lower) or not vocab.known_word(following.lower))
            and not _is_institution_word(following.lower)
        )
        if surname_follows or around.relation_after or _PERSON_BEFORE.search(around.before):
            return "a person's name"
        if _beside_capitalised_word(tokens, i, around, vocab):
            return None  # "Cheshire West", "Outcomes Star"
        if around.person_verb_after and word not in _SENSE_WORDS:
            return "a person's name"
        # With a capital where no sentence starts it is a name, unless a month, a sense word
        # ("Hope", "Faith") or a place.
        if not around.sentence_start and word not in _SENSE_WORDS and not vocab.place_like(word):
            return "a person's name"
        return None
    # A word no list knows, where only a person could be: "Chioma told", "spoke to Kezza".
    if vocab.known_word(word) or word in vocab.given or len(word) < 3:
        return None
    if (
        _AGE_APPOSITION.match(t, token.end)
        or around.words_after[:1]
        and around.words_after[0] in _PERSON_ONLY_FOLLOWERS
        or around.words_after[:1] == ["and"]
        and around.words_after[1:] in (["his"], ["her"], ["their"])
        or around.relation_after
        or _PERSON_ONLY_BEFORE.search(around.before)
        and not around.sentence_start
    ):
        return "what looks like a person's name"
    return None


def _beside_capitalised_word(
    tokens: list[_Token], i: int, around: _Surroundings, vocab: _Vocabulary
) -> bool:
    """Whether a capitalised word that is not a name stands next to it ("Outcomes Star")."""
    for other in (around.previous, around.following):
        if other is None or not (other.titled or other.capitals) or vocab.name_like(other.lower):
            continue
        if other.lower not in _DETERMINERS:  # "The" starting a sentence says nothing
            return True
    return False
