"""The site when Redis or the database does not answer: slower without Redis, a short 503 without the database."""

import contextlib
import socket
import threading
import time
import uuid

import pytest
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_CACHE_PREFIX
from django.core.cache import caches
from django.db import OperationalError
from django.test import Client

from cocreate.core import cache as resilient
from cocreate.core.models import RateLimitCounter
from cocreate.engagement import views as engagement_views
from cocreate.engagement.models import Comment

REAL_REDIS = ("127.0.0.1", 6379)


class TcpServer:
    """A local server for Redis to be reached through: it accepts connections and then, by ``mode``, never
    answers (``"hang"``), passes them on to the real Redis (``"forward"``) or closes them (``"down"``)."""

    def __init__(self, mode: str):
        self.mode = mode
        self.connections = 0
        self._open: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            if self.mode == "down":
                conn.close()
                continue
            self._open.append(conn)
            if self.mode == "forward":
                upstream = socket.create_connection(REAL_REDIS)
                self._open.append(upstream)
                for a, b in ((conn, upstream), (upstream, conn)):
                    threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def go_down(self):
        """Refuse from now on and cut the connections that are open, as a Redis that stops does."""
        self.mode = "down"
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._open.clear()

    def close(self):
        self.go_down()
        self._listener.close()


@pytest.fixture
def use_redis(settings):
    """Point the cache (and with it the sessions, as in production) at a Redis URL."""

    def use(url: str, *, timeout: float = 0.2, retry_after: float = 60):
        settings.CACHES = {
            "default": {
                "BACKEND": "cocreate.core.cache.ResilientRedisCache",
                "LOCATION": url,
                "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
                "OPTIONS": {"socket_timeout": timeout, "retry_after": retry_after},
            }
        }
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
        settings.COCREATE_PAGE_CACHE_SECONDS = 300  # the shared pages are read from the cache too
        return caches["default"]

    resilient._breakers.clear()
    yield use
    resilient._breakers.clear()


@pytest.fixture
def servers():
    made = []

    def make(mode):
        made.append(TcpServer(mode))
        return made[-1]

    yield make
    for server in made:
        server.close()


@pytest.fixture
def real_redis():
    import redis

    try:
        redis.Redis(*REAL_REDIS, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")


def signed_in_visit_and_comment(client, idea, person, body):
    """A signed-in page, a comment, and the page again; returns the seconds it took."""
    started = time.monotonic()
    response = client.get(idea.get_absolute_url())
    assert response.status_code == 200
    assert response.wsgi_request.user == person
    response = client.post(f"/engage/ideas/idea/{idea.pk}/comment/", {"body": body})
    assert response.status_code == 302
    response = client.get(idea.get_absolute_url())
    assert response.wsgi_request.user == person
    assert body in response.content.decode()
    return time.monotonic() - started


@pytest.mark.django_db
def test_signed_in_pages_and_writes_work_while_redis_refuses_connections(client, use_redis, make_idea, citizen):
    use_redis("redis://127.0.0.1:1/0")  # nothing listens on port 1
    idea = make_idea()
    client.force_login(citizen)
    seconds = signed_in_visit_and_comment(client, idea, citizen, "Still works without Redis.")
    assert Comment.objects.filter(body="Still works without Redis.", author=citizen).count() == 1
    assert seconds < 3


@pytest.mark.django_db
def test_a_redis_that_never_answers_costs_one_timeout_not_one_per_request(
    client, use_redis, servers, make_idea, citizen
):
    hung = servers("hang")
    use_redis(f"redis://127.0.0.1:{hung.port}/0", timeout=0.3, retry_after=60)
    idea = make_idea()
    client.force_login(citizen)  # the first command waits 0.3 s; from then on Redis is left alone
    started = time.monotonic()
    for n in range(3):
        signed_in_visit_and_comment(client, idea, citizen, f"Comment {n} while Redis hangs.")
    # Nine requests with several cache commands each: 0.3 s for every command would be many seconds.
    assert time.monotonic() - started < 1.5
    assert hung.connections == 1
    assert Comment.objects.filter(author=citizen).count() == 3


@pytest.mark.django_db
def test_rate_limits_are_counted_in_the_database_while_redis_is_down(
    client, use_redis, make_idea, citizen, monkeypatch
):
    use_redis("redis://127.0.0.1:1/0")
    monkeypatch.setattr(engagement_views, "COMMENTS_PER_USER", (2, 3600))
    idea = make_idea()
    client.force_login(citizen)
    url = f"/engage/ideas/idea/{idea.pk}/comment/"
    assert [client.post(url, {"body": f"Comment {n}"}).status_code for n in range(3)] == [302, 302, 429]
    assert Comment.objects.filter(author=citizen).count() == 2
    assert RateLimitCounter.objects.filter(key__startswith=f"rl:comment:u:{citizen.pk}:").get().count == 3


@pytest.mark.django_db
def test_a_session_signed_out_while_redis_was_away_stays_signed_out_when_it_is_back(
    use_redis, servers, real_redis, make_idea, citizen
):
    redis_server = servers("forward")
    cache = use_redis(f"redis://127.0.0.1:{redis_server.port}/9", retry_after=0.2)
    idea = make_idea()
    browser = Client()
    browser.force_login(citizen)
    assert browser.get(idea.get_absolute_url()).wsgi_request.user == citizen
    session_key = browser.cookies["sessionid"].value
    assert cache.get(SESSION_CACHE_PREFIX + session_key) is not None  # the copy in Redis

    redis_server.go_down()
    assert browser.post("/accounts/logout/").status_code == 302  # the database row goes, the copy stays
    redis_server.mode = "forward"
    time.sleep(0.3)

    stolen = Client()
    stolen.cookies["sessionid"] = session_key
    assert stolen.get(idea.get_absolute_url()).wsgi_request.user.is_anonymous
    assert cache.get(SESSION_CACHE_PREFIX + session_key) is None


def test_what_was_written_while_redis_was_away_is_put_right_when_it_is_back(use_redis, servers, real_redis):
    redis_server = servers("forward")
    cache = use_redis(f"redis://127.0.0.1:{redis_server.port}/9", retry_after=0.2)
    cache.set("page", "before", 60)
    cache.set("version", 4, 60)
    redis_server.go_down()
    cache.set("page", "during", 60)  # not stored: Redis still has "before"
    with pytest.raises(resilient.CacheUnavailable):
        cache.incr("version")
    assert cache.get("page") is None and cache.add("lock", 1, 5)  # a miss, and an add that lets callers go on
    redis_server.mode = "forward"
    time.sleep(0.3)
    assert cache.get("page") is None  # the old value is gone, not served
    assert cache.get("version") == 5  # the missed increment is made up
    cache.delete_many(["version", "lock"])


class Database:
    """Stops and starts the database as the requests see it: a new query fails as when PostgreSQL is stopped."""

    def __init__(self, monkeypatch):
        self._monkeypatch = monkeypatch

    def stop(self):
        from django.db import connection

        def refuse():
            raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

        self._monkeypatch.setattr(connection, "ensure_connection", refuse)

    def start(self):
        self._monkeypatch.undo()


@pytest.fixture
def database(monkeypatch):
    return Database(monkeypatch)


def assert_briefly_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "The site is briefly unavailable" in page
    assert "Traceback" not in page and "OperationalError" not in page


@pytest.mark.django_db
def test_without_the_database_pages_say_briefly_unavailable_with_503_and_retry_after(database, make_idea, citizen):
    idea = make_idea()
    visitor, person = Client(raise_request_exception=False), Client(raise_request_exception=False)
    person.force_login(citizen)
    database.stop()
    assert_briefly_unavailable(visitor.get("/"))
    assert '<html lang="de">' in visitor.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()  # the visitor's language
    assert_briefly_unavailable(visitor.get(idea.get_absolute_url()))
    assert_briefly_unavailable(person.get(idea.get_absolute_url()))
    api = visitor.get("/api/v1/challenges/")
    assert api.status_code == 503 and api["Retry-After"] == "30"
    assert api.json()["code"] == "unavailable"
    database.start()
    assert visitor.get("/").status_code == 200


@pytest.mark.django_db
def test_a_write_without_the_database_is_refused_with_503_and_stores_nothing(database, make_idea, citizen):
    idea = make_idea()
    person = Client(raise_request_exception=False)
    person.force_login(citizen)
    assert person.get(idea.get_absolute_url()).status_code == 200
    database.stop()
    assert_briefly_unavailable(person.post(f"/engage/ideas/idea/{idea.pk}/comment/", {"body": "Not stored."}))
    database.start()
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_other_errors_still_get_the_500_page(client, monkeypatch):
    from cocreate.core import views

    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "home_blocks_in_order", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "Retry-After" not in response
