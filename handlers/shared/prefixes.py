"""Every callback-data prefix of the bot, in one registry (``@unique``: a clash fails at import).

A button's data is ``prefix:part:part`` (packed by ``bot.platform.callback.pack``, ≤ 64
bytes); ``bot/app.py`` routes a press by its prefix. The values are short because they travel
in every button, and stable because old buttons in users' chats still carry them: renaming one
turns those buttons into "this button is old" answers.
"""

from __future__ import annotations

from enum import StrEnum, unique


@unique
class Prefix(StrEnum):
    # villagers
    MENU = "menu"  # the main menu
    HELP = "help"  # /bantuan as a button
    ASK = "ask"  # "type your question" hint
    PROGRAMS = "prog"  # the list of lessons
    LESSON = "les"  # les:<lesson>:<screen>
    LANGUAGE = "lang"  # lang:<code>
    IURAN = "iu"  # the contribution calculator's steps
    FAQ_ENTRY = "faq"  # faq:<entry> a "did you mean" choice
    FAQ_FEEDBACK = "fb"  # fb:<question>:<1|0> 👍/👎
    HANDOVER = "ho"  # ho:<question> "ask an officer"
    LISTEN = "say"  # "🔊 Dengarkan": the message it sits on, read aloud
    SUBSCRIBE_OFFER = "sub"  # sub:yes / sub:no, the one-time gentle question
    DELETE_DATA = "del"  # /hapusdata confirmation
    REGION = "rg"  # the region picker: rg:<purpose>:<code>:<page>
    # village officials
    VILLAGE = "vil"  # the /desa screen
    CLAIM = "clm"  # clm:<action>:… a villager's claim of a village
    VERIFY_REQUEST = "vrq"  # an official asks for verification
    APPARATUS = "pr"  # /perangkat: list, detail, add, status, remove, import
    APPARATUS_EDIT = "pe"  # pe:<action>:<member>[:<value>] correcting one member
    REPORT = "lap"  # /laporan figures
    CHECK = "cek"  # /ceksyarat
    # officers and admins
    INVITE = "inv"  # inv:<action>:… invite creation (officer) and acceptance (invitee)
    VERIFY = "ver"  # ver:<action>:… an officer's decision on a claim
    QUESTIONS = "pq"  # /pertanyaan, the open questions
    ANSWER = "ans"  # ans:<question> answer a handed-over question
    ANSWER_FAQ = "afq"  # afq:<question>:<entry> answer it with an FAQ entry (and label it)
    RATE_ANSWER = "rate"  # rate:<question>:<1|0> the villager rates an officer's answer
    BROADCAST = "sr"  # /siaran composer, audience, schedule, progress
    OFFICERS = "ptg"  # /petugas (admin)
    STATISTICS = "st"  # /statistik refresh
    EXPORT = "ex"  # ex:m menu · ex:d:<dataset> · ex:f:<dataset>:<format>[:full] · ex:x
    AUDIT = "au"  # au:p:<page> · au:csv
    POSTER = "pos"  # the village poster of the official pressing it (/poster)
