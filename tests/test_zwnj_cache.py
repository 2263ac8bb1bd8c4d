"""The ZWNJ model read back from its local cache is the model built from the data."""
from rawi.normalize import _zwnj_cache as cache
from rawi.normalize import zwnj


def _tables(m):
    return {k: v for k, v in m.__dict__.items() if k != "apart"}


def test_cached_model_equals_built_model(tmp_path, monkeypatch):
    monkeypatch.setenv("RAWI_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("RAWI_NO_CACHE", raising=False)
    built = zwnj._Model()  # nothing cached yet: built from the data, then written
    files = list(tmp_path.glob("zwnj-*.marshal"))
    assert len(files) == 1
    again = zwnj._Model()  # read back
    assert _tables(again) == _tables(built)
    assert again.apart.pattern == built.apart.pattern


def test_damaged_cache_falls_back_to_the_data(tmp_path, monkeypatch):
    monkeypatch.setenv("RAWI_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("RAWI_NO_CACHE", raising=False)
    built = zwnj._Model()
    path = next(tmp_path.glob("zwnj-*.marshal"))
    path.write_bytes(b"not marshal data")
    assert cache.load() is None
    assert _tables(zwnj._Model()) == _tables(built)


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("RAWI_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("RAWI_NO_CACHE", "1")
    zwnj._Model()
    assert not list(tmp_path.iterdir())
