"""English labels for names."""
import rawi
from rawi.translit import name_en


def test_curated_names_win():
    assert name_en("بشار اسد") == "Bashar al-Assad"
    assert name_en("«مصعب الحلبی»") == "Mus'ab al-Halabi"
    assert name_en("محمدجواد ظریف") == "Mohammad Javad Zarif"


def test_romanisation_of_unknown_names():
    assert name_en("فرهاد") == "Farhad"
    assert name_en("کریم") == "Karim"
    assert name_en("الکرخی").startswith("al-")


def test_pipeline_labels_people(example_text):
    a = rawi.analyze(example_text)
    people = {e.text: e.name_en for e in a.entities if e.label == "PER"}
    assert all(people.values())


def test_compound_surnames_from_their_parts():
    from rawi.translit import name_en

    assert name_en("حسین‌زاده") == "Hosseinzadeh"
    assert name_en("احمدی‌نژاد") == "Ahmadinejad"
