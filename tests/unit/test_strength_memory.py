"""bot.memory.ExpiringLRU and bot.previews.Previews on a fake clock: expiry at exactly
ttl, least-recently-used eviction, pop, and previews taken once."""

from __future__ import annotations

from bot import previews as pv
from bot.memory import ExpiringLRU


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_values_expire_at_exactly_ttl():
    clock = Clock()
    lru: ExpiringLRU[str, int] = ExpiringLRU(10.0, 5, clock)
    lru.put("a", 1)
    clock.now = 109.9
    assert lru.get("a") == 1
    clock.now = 110.0
    assert lru.get("a") is None
    assert len(lru) == 0  # the expired one is dropped when read
    assert lru.get("missing") is None


def test_put_again_renews_the_ttl():
    clock = Clock()
    lru: ExpiringLRU[str, int] = ExpiringLRU(10.0, 5, clock)
    lru.put("a", 1)
    clock.now = 105.0
    lru.put("a", 2)
    clock.now = 114.0
    assert lru.get("a") == 2
    assert len(lru) == 1


def test_least_recently_used_go_first():
    clock = Clock()
    lru: ExpiringLRU[str, int] = ExpiringLRU(10.0, 2, clock)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # a is now the most recent
    lru.put("c", 3)
    assert (lru.get("a"), lru.get("b"), lru.get("c")) == (1, None, 3)
    assert len(lru) == 2
    lru.put("a", 4)  # re-putting moves it to the end too
    lru.put("d", 5)
    assert (lru.get("a"), lru.get("c"), lru.get("d")) == (4, None, 5)


def test_nothing_is_kept_without_ttl_or_capacity():
    for ttl, capacity in ((0.0, 5), (-1.0, 5), (10.0, 0), (10.0, -1)):
        lru: ExpiringLRU[str, int] = ExpiringLRU(ttl, capacity, Clock())
        lru.put("a", 1)
        assert len(lru) == 0 and lru.get("a") is None
    tiny: ExpiringLRU[str, int] = ExpiringLRU(0.5, 1, Clock())
    tiny.put("a", 1)
    assert tiny.get("a") == 1


def test_pop():
    lru: ExpiringLRU[str, int] = ExpiringLRU(10.0, 5, Clock())
    lru.put("a", 1)
    assert lru.pop("a") == 1
    assert lru.pop("a") is None
    assert len(lru) == 0


def preview(name: str = "f.txt") -> pv.Preview:
    return pv.Preview(1, 2, name, b"x", "s", "t", (), None)


def test_previews_are_numbered_and_taken_once():
    previews = pv.Previews(60.0)
    first, second = previews.put(preview("a")), previews.put(preview("b"))
    assert (first, second) == (1, 2)
    assert previews.take(second).file_name == "b"
    assert previews.take(second) is None
    assert previews.take(first).file_name == "a"
    assert previews.take(99) is None


def test_previews_keep_at_most_their_capacity():
    previews = pv.Previews(60.0, capacity=2)
    keys = [previews.put(preview(str(i))) for i in range(3)]
    assert previews.take(keys[0]) is None
    assert previews.take(keys[2]).file_name == "2"
    default = pv.Previews(60.0)
    keys = [default.put(preview(str(i))) for i in range(65)]
    assert default.take(keys[0]) is None
    assert default.take(keys[1]).file_name == "1"


def test_expired_previews_are_gone():
    previews = pv.Previews(0.0)
    key = previews.put(preview())
    assert previews.take(key) is None
