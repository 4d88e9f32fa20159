"""A local IMAP4rev1 server for tests and staging, on one 127.0.0.1 port, without TLS.

    with FakeIMAP(username="cdcs@example.vn", password="mat-khau") as server:
        server.add(raw_bytes)                  # an RFC 822 message, unseen
        settings = server.settings()           # MailboxSettings pointing at it
        ...
        server.seen_uids()                     # what the client marked \\Seen

It speaks what `client.py` uses: CAPABILITY, LOGIN (a wrong password gets NO
[AUTHENTICATIONFAILED]), SELECT (an unknown folder gets NO), UID SEARCH UNSEEN, UID FETCH
(BODY.PEEK[] or FLAGS), UID STORE +FLAGS (\\Seen), NOOP and LOGOUT; anything else gets BAD.
It can be told to misbehave on the next command named `on` ("LOGIN", "FETCH", "STORE" …):
`misbehave("stall", on="FETCH")` answers nothing until the server stops (the client's
timeout fires), `misbehave("drop", on="STORE")` closes the connection.
"""

from __future__ import annotations

import re
import socketserver
import threading
from dataclasses import dataclass, field

from .client import MailboxSettings

MODES = ("stall", "drop")
_LITERAL_RE = re.compile(rb"\{(\d+)\}$")


@dataclass
class FakeMessage:
    uid: int
    raw: bytes
    flags: set = field(default_factory=set)


@dataclass
class _State:
    username: str
    password: str
    folder: str = "INBOX"
    messages: list = field(default_factory=list)
    next_uid: int = 1
    misbehaviour: dict = field(default_factory=dict)  # command -> mode, once
    logins: int = 0
    commands: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)


def tokens(line: bytes) -> list[str]:
    """The words of a command line; "quoted strings" unquoted."""
    out, i, text = [], 0, line.decode("utf-8", errors="replace")
    while i < len(text):
        if text[i] == " ":
            i += 1
        elif text[i] == '"':
            j, word = i + 1, []
            while j < len(text) and text[j] != '"':
                if text[j] == "\\" and j + 1 < len(text):
                    j += 1
                word.append(text[j])
                j += 1
            out.append("".join(word))
            i = j + 1
        else:
            j = text.find(" ", i)
            j = len(text) if j < 0 else j
            out.append(text[i:j])
            i = j
    return out


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def setup(self) -> None:
        super().setup()
        self.state: _State = self.server.state
        self.authenticated = False
        self.selected = False

    def send(self, data: bytes | str) -> None:
        self.wfile.write(data.encode() if isinstance(data, str) else data)
        self.wfile.flush()

    def read_command(self) -> list[str] | None:
        line = self.rfile.readline(65536)
        if not line:
            return None
        line = line.rstrip(b"\r\n")
        literal = _LITERAL_RE.search(line)
        while literal:  # a synchronising literal: "+" then its bytes, then the rest of the line
            self.send("+ Ready\r\n")
            data = self.rfile.read(int(literal.group(1)))
            rest = self.rfile.readline(65536).rstrip(b"\r\n")
            line = line[: literal.start()] + b'"' + data.replace(b'"', b'\\"') + b'"' + rest
            literal = _LITERAL_RE.search(line)
        return tokens(line)

    def handle(self) -> None:
        self.send("* OK [CAPABILITY IMAP4rev1] Lan Toa fake IMAP ready\r\n")
        while not self.state.stopping.is_set():
            words = self.read_command()
            if words is None or len(words) < 2:
                return
            tag, command, args = words[0], words[1].upper(), words[2:]
            name = args[0].upper() if command == "UID" and args else command
            with self.state.lock:
                self.state.commands.append(name)
                mode = self.state.misbehaviour.pop(name, None)
            if mode == "stall":
                self.state.stopping.wait(60)
                return
            if mode == "drop":
                return
            if not self.answer(tag, command, args):
                return

    def answer(self, tag: str, command: str, args: list[str]) -> bool:
        """Reply to one command; False when the session ends."""
        if command == "CAPABILITY":
            self.send(f"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK CAPABILITY completed\r\n")
        elif command == "NOOP":
            self.send(f"{tag} OK NOOP completed\r\n")
        elif command == "LOGOUT":
            self.send(f"* BYE Logging out\r\n{tag} OK LOGOUT completed\r\n")
            return False
        elif command == "LOGIN":
            self.login(tag, args)
        elif not self.authenticated:
            self.send(f"{tag} BAD Log in first\r\n")
        elif command == "SELECT":
            self.select(tag, args)
        elif command == "UID" and self.selected and args:
            self.uid(tag, args[0].upper(), args[1:])
        else:
            self.send(f"{tag} BAD Unknown or unexpected command\r\n")
        return True

    def login(self, tag: str, args: list[str]) -> None:
        if len(args) == 2 and (args[0], args[1]) == (self.state.username, self.state.password):
            self.authenticated = True
            with self.state.lock:
                self.state.logins += 1
            self.send(f"{tag} OK [CAPABILITY IMAP4rev1] Logged in\r\n")
        else:
            self.send(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n")

    def select(self, tag: str, args: list[str]) -> None:
        if not args or args[0].upper() != self.state.folder.upper():
            self.send(f"{tag} NO [NONEXISTENT] Unknown Mailbox\r\n")
            return
        self.selected = True
        with self.state.lock:
            total = len(self.state.messages)
            next_uid = self.state.next_uid
        self.send(f"* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)\r\n* {total} EXISTS\r\n* 0 RECENT\r\n"
                  f"* OK [UIDVALIDITY 1] UIDs valid\r\n* OK [UIDNEXT {next_uid}] Predicted next UID\r\n"
                  f"{tag} OK [READ-WRITE] SELECT completed\r\n")  # fmt: skip

    def uid(self, tag: str, command: str, args: list[str]) -> None:
        if command == "SEARCH" and [a.upper() for a in args] == ["UNSEEN"]:
            with self.state.lock:
                found = [str(m.uid) for m in self.state.messages if "\\Seen" not in m.flags]
            self.send(f"* SEARCH {' '.join(found)}".rstrip() + f"\r\n{tag} OK SEARCH completed\r\n")
        elif command == "FETCH" and len(args) >= 2:
            self.fetch(tag, args[0], " ".join(args[1:]).upper())
        elif command == "STORE" and len(args) >= 3 and args[1].upper() == "+FLAGS":
            self.store(tag, args[0], " ".join(args[2:]).strip("()").split())
        else:
            self.send(f"{tag} BAD Unsupported UID command\r\n")

    def find(self, uid: str) -> tuple[int, FakeMessage] | None:
        with self.state.lock:
            for number, message in enumerate(self.state.messages, start=1):
                if str(message.uid) == uid:
                    return number, message
        return None

    def fetch(self, tag: str, uid: str, items: str) -> None:
        found = self.find(uid)
        if found is not None:
            number, message = found
            if "BODY.PEEK[]" in items:
                self.send(f"* {number} FETCH (UID {message.uid} BODY[] {{{len(message.raw)}}}\r\n".encode()
                          + message.raw + b")\r\n")  # fmt: skip
            elif "FLAGS" in items:
                self.send(f"* {number} FETCH (UID {message.uid} FLAGS ({' '.join(sorted(message.flags))}))\r\n")
        self.send(f"{tag} OK FETCH completed\r\n")

    def store(self, tag: str, uid: str, flags: list[str]) -> None:
        found = self.find(uid)
        if found is not None:
            number, message = found
            with self.state.lock:
                message.flags.update(flags)
            self.send(f"* {number} FETCH (UID {message.uid} FLAGS ({' '.join(sorted(message.flags))}))\r\n")
        self.send(f"{tag} OK STORE completed\r\n")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False  # a client left hanging must not hold the test's teardown
    allow_reuse_address = True


class FakeIMAP:
    """The server, started on enter and stopped on exit."""

    def __init__(self, *, username: str = "cdcs@congdoan.example.vn", password: str = "mat-khau-thu",  # noqa: S107
                 folder: str = "INBOX"):  # fmt: skip
        self.state = _State(username=username, password=password, folder=folder)
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.state = self.state
        self.thread = threading.Thread(target=self.server.serve_forever, name="fake-imap", daemon=True)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def __enter__(self) -> FakeIMAP:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.state.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def settings(self, **changes) -> MailboxSettings:
        base = {"host": "127.0.0.1", "port": self.port, "security": "none", "username": self.state.username,
                "password": self.state.password, "folder": self.state.folder, "timeout": 5.0}  # fmt: skip
        return MailboxSettings(**{**base, **changes})

    def secrets(self, **changes) -> dict:
        """What a connected EMAIL channel stores for this server."""
        state = self.state
        base = {"host": "127.0.0.1", "port": self.port, "security": "none", "username": state.username,
                "password": state.password, "folder": state.folder, "address": state.username}  # fmt: skip
        return {**base, **changes}

    def add(self, raw: bytes, *, seen: bool = False) -> int:
        with self.state.lock:
            uid = self.state.next_uid
            self.state.next_uid += 1
            self.state.messages.append(FakeMessage(uid, raw, {"\\Seen"} if seen else set()))
        return uid

    def seen_uids(self) -> list[int]:
        with self.state.lock:
            return [m.uid for m in self.state.messages if "\\Seen" in m.flags]

    def misbehave(self, mode: str, *, on: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        with self.state.lock:
            self.state.misbehaviour[on.upper()] = mode


def make_message(*, sender: str = "Nguyễn Thị Hoa <hoa.nguyen@example.vn>", to: str = "cdcs@congdoan.example.vn",
                 subject: str = "Hỏi về lương", text: str = "Công ty nợ lương 3 tháng.", message_id: str | None = None,
                 in_reply_to: str = "", attachments: tuple = (), charset_encoding: str = "") -> bytes:  # fmt: skip
    """An RFC 822 message as a mail client would send it (UTF-8, encoded headers)."""
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id if message_id is not None else make_msgid(domain="example.vn")
    if in_reply_to:
        message["In-Reply-To"] = message["References"] = in_reply_to
    message.set_content(text, cte=charset_encoding or None)
    for name, content_type, data in attachments:
        maintype, subtype = content_type.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    raw = message.as_bytes()
    if message_id == "":
        raw = re.sub(rb"(?im)^Message-ID:[^\r\n]*\r?\n", b"", raw)
    return raw
