"""Speaker grouping, the corpus speaker key and English labels (sentences written for these tests)."""
from __future__ import annotations

import rawi
from rawi.annotate.curated import canonical_person, compose_organization
from rawi.annotate.english import title_en
from rawi.annotate.speakers import compatible
from rawi.corpus.rows import names_nobody, resolved_source
from rawi.translit import name_en


def _ids(text: str) -> list[int]:
    return [x.source.speaker.id for x in rawi.analyze(text).attributions]


def test_romaniser_final_clusters_detached_parts_and_glued_seyed():
    assert name_en("خنیفر") == "Khanifar"
    assert name_en("فرهاد") == "Farhad"
    assert name_en("شریف پور") == "Sharifpour"
    assert name_en("سیدمحمود") == "Seyed Mahmoud"


def test_compatible_titles():
    assert compatible("وزیر علوم", "وزیر علوم، تحقیقات و فناوری")
    assert compatible("وزیر امورخارجه کشورمان", "وزیر امور خارجه")
    assert not compatible("معاون", "معاون وزیر")
    assert not compatible("وزیر نفت", "وزیر نیرو")


def test_a_lead_title_is_the_holder_named_later():
    ids = _ids("وزیر علوم گفت: کلاس‌ها حضوری است. منصور غلامی، وزیر علوم، تحقیقات و فناوری افزود: خوابگاه‌ها باز است.")
    assert len(ids) == 2 and len(set(ids)) == 1


def test_a_lead_title_joins_the_one_named_person():
    ids = _ids("نماینده مردم کرج در مجلس گفت: بودجه کم است. علی حسن‌پور در ادامه گفت: دولت باید پاسخ دهد.")
    assert len(ids) == 2 and len(set(ids)) == 1


def test_this_statement_is_the_speaker_just_quoted():
    ids = _ids("وزارت خارجه سوئد اعلام کرد سفارت بسته می‌شود. این بیانیه افزوده است: کارکنان باز می‌گردند.")
    assert len(ids) == 2 and len(set(ids)) == 1


def test_two_holders_of_one_head_noun_stay_apart():
    ids = _ids("علی اکبری وزیر نیرو گفت سدها پر است. وزیر نفت گفت تولید بالا رفته است.")
    assert len(set(ids)) == 2


def test_titles_are_translated_whole():
    assert title_en("امام جمعه بوشهر") == "Friday prayer leader of Bushehr"
    assert title_en("نماینده مردم نهبندان در مجلس") == "MP for Nehbandan"
    assert title_en("رئیس کل دادگستری استان خوزستان") == "head of Khuzestan Province Judiciary"


def test_a_person_tagged_inside_a_title_is_no_name():
    sp = rawi.analyze("امام جمعه بوشهر گفت: مردم صبور باشند.").attributions[0].source.speaker
    assert sp.name is None and sp.title == "امام جمعه بوشهر"


def test_composed_organisations():
    assert compose_organization("نیروی هوایی اسرائیل") == "Israeli Air Force"
    assert compose_organization("سفارت آمریکا") == "US embassy"
    assert compose_organization("استانداری تهران") == "Tehran Governorate"
    assert compose_organization("نیروی هوایی بزرگ") is None
    a = rawi.analyze("نیروی هوایی اسرائیل مواضعی را در جنوب لبنان هدف قرار داد.")
    assert any(e.label == "ORG" and e.name_en == "Israeli Air Force" for e in a.entities)


def test_a_lone_curated_surname_is_found():
    a = rawi.analyze("بایدن روز شنبه به اروپا سفر کرد.")
    assert any(e.label == "PER" and e.name_en == "Joe Biden" for e in a.entities)


def test_corpus_key_one_spelling_and_nobody_kept_to_its_article():
    assert canonical_person("احمدی نژاد") == canonical_person("محمود احمدی‌نژاد")
    assert names_nobody("نماینده") and names_nobody("وی") and names_nobody("معاون فنی")
    assert not names_nobody("سخنگوی وزارت بهداشت") and not names_nobody("امام جمعه بوشهر")
    src = {"kind": "official", "text": "نماینده", "speaker": {"title": "نماینده", "kind": "official"}}
    assert resolved_source(src) == "نماینده" and resolved_source(src, "abc") == "نماینده · abc"


def test_a_curated_role_is_an_office_only_when_it_names_one():
    """A well-known cleric or footballer quoted without a title speaks as ``named``; a minister as ``official``."""
    from rawi.annotate.speakers import holds_office, is_office

    assert is_office("president of Russia") and is_office("Iranian MP")
    assert is_office("Taliban co-founder, deputy prime minister")  # any clause holding an office
    assert not is_office("Iraqi Shia cleric, leader of the Sadrist movement")
    assert not is_office("Iranian football coach") and not is_office("grand ayatollah in Qom")
    assert not is_office("former MP, daughter of a president")  # past and kinship clauses hold none
    assert not is_office("cleric, son of Supreme Leader Ali Khamenei")
    assert not holds_office("Iranian footballer", 2020) and holds_office("US president (2021–2025)", 2022)
