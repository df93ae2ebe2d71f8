"""PINs, sessions and throttling: who may do what.

PINs are kept as argon2 hashes; a session is a random token whose SHA-256 is stored, sent
in an HttpOnly, SameSite=Strict cookie, with a CSRF token that every write must echo in
the `X-CSRF-Token` header.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from planner.server.store import Store

ROLES = ("coordinator", "reception", "screen", "expert")
COOKIE = "planner_session"
CSRF_HEADER = "X-CSRF-Token"
MAX_FAILURES = 5
"""Wrong PINs from one address within FAILURE_WINDOW_S before it gets 429."""
FAILURE_WINDOW_S = 60.0
LOCKOUT_S = 60.0
SESSION_LIFETIME = dt.timedelta(hours=12)
"""How long a session lasts after its login: longer than a clinic day, so that a phone
left logged in overnight must log in again the next morning."""

_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
"""argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane): about 50 ms a login on a
laptop's two cores, which 6-digit PINs behind the 429 throttle can afford."""


@dataclass(frozen=True)
class Session:
    """Who is logged in: a role and, for an expert, the expert's id (else the role)."""

    role: str
    who: str
    csrf: str


def generate_pins(roles: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """A random 6-digit PIN for each (role, who)."""
    return {key: f"{secrets.randbelow(10**6):06d}" for key in roles}


def hash_pins(pins: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """The argon2 hash of each PIN."""
    return {key: _hasher.hash(pin) for key, pin in pins.items()}


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Gate:
    """Logs people in, finds their session, and slows down PIN guessing."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.hashes = store.pin_hashes()
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def throttled(self, client: str) -> bool:
        """Whether `client` made MAX_FAILURES wrong guesses lately (then 429)."""
        with self._lock:
            recent = [t for t in self._failures.get(client, []) if time.monotonic() - t < LOCKOUT_S]
            self._failures[client] = recent
            return len(recent) >= MAX_FAILURES

    def login(self, client: str, role: str, who: str, pin: str) -> tuple[str, Session] | None:
        """A new session token and its session, or None for a wrong PIN."""
        stored = self.hashes.get((role, who))
        if stored is None or not _verify(stored, pin):
            with self._lock:
                self._failures.setdefault(client, []).append(time.monotonic())
            return None
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        self.store.add_session(_token_hash(token), role, who, csrf)
        return token, Session(role, who, csrf)

    def session(self, token: str | None) -> Session | None:
        """The session of a cookie's token, if it is one and has not expired
        (`SESSION_LIFETIME` after its login; an expired one is forgotten)."""
        if not token:
            return None
        found = self.store.session(_token_hash(token))
        if found is None:
            return None
        role, who, csrf, created = found
        if dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(created) > SESSION_LIFETIME:
            self.store.end_session(_token_hash(token))
            return None
        return Session(role, who, csrf)

    def logout(self, token: str) -> None:
        """End the session of a cookie's token."""
        self.store.end_session(_token_hash(token))


def _verify(stored: str, pin: str) -> bool:
    try:
        return _hasher.verify(stored, pin)
    except (VerificationError, InvalidHashError):
        return False


def mask_name(name: str | None) -> str:
    """A name as the waiting room may see it: 张*明, L*g; one character becomes *."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" + name[-1]
