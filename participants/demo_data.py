"""The tables behind the demo data: organizations, logins, where participants
come from, how they spread over the lifecycle, and the paths that take them
there. participants/demo.py draws from these with one seeded generator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from accounts.models import OrganizationKind, Role
from participants.models import Status

DEMO_PASSWORD = "jembatan-demo"  # noqa: S105 -- public by design, printed with every login
PARTICIPANT_LOGIN = "peserta"
# The participant login belongs to someone the BLK and LPK demo logins also see.
PARTICIPANT_BLK = "bbpvp-bekasi"
PARTICIPANT_LPK = "lpk-karya-nusantara"
# Participants per transaction: large enough to amortize the commit, small
# enough to keep memory flat at any size.
CHUNK_SIZE = 5_000
WINDOW_DAYS = 3 * 365
NAME_POOL_SIZE = 3_000


class DemoDataError(Exception):
    """The database lacks something the demo needs."""


# --- organizations and logins -------------------------------------------------


class OrganizationSpec(NamedTuple):
    code: str
    kind: OrganizationKind
    name: str
    name_ja: str
    parent: str
    province: str  # NIK code
    prefecture: str  # JIS code
    city: str
    city_ja: str  # organizations in Japan only (JAPANESE_CITIES)


# All fictional. Parents come before their members: LPK/SOs -> the association,
# companies -> their supervising organization.
_ORGANIZATION_TABLE = """
kemnaker | ministry | Kementerian Ketenagakerjaan (Kemnaker) | インドネシア労働省 | | 31 | | Jakarta
bbpvp-bekasi | training_centre | BBPVP Bekasi | ブカシ職業訓練センター | | 32 | | Bekasi
bbpvp-medan | training_centre | BBPVP Medan | メダン職業訓練センター | | 12 | | Medan
bpvp-padang | training_centre | BPVP Padang | パダン職業訓練センター | | 13 | | Padang
bbpvp-makassar | training_centre | BBPVP Makassar | マカッサル職業訓練センター | | 73 | | Makassar
bbpvp-semarang | training_centre | BBPVP Semarang | スマラン職業訓練センター | | 33 | | Semarang
ap2ln | association | AP2LN | AP2LN（インドネシア送出し機関協会） | | 31 | | Jakarta
lpk-karya-nusantara | sending_organization | LPK Karya Nusantara Mandiri | | ap2ln | 32 | | Bekasi
lpk-hikari-bangsa | sending_organization | LPK Hikari Bangsa | | ap2ln | 32 | | Bogor
lpk-mitra-sakura | sending_organization | LPK Mitra Sakura Jaya | | ap2ln | 32 | | Bandung
lpk-tunas-mirai | sending_organization | LPK Tunas Mirai | | ap2ln | 31 | | Jakarta Timur
lpk-bina-kizuna | sending_organization | LPK Bina Kizuna | | ap2ln | 33 | | Semarang
lpk-surya-merapi | sending_organization | LPK Surya Merapi | | | 33 | | Surakarta
lpk-deli-ganbaru | sending_organization | LPK Deli Ganbaru | | ap2ln | 12 | | Medan
lpk-danau-toba-nihon | sending_organization | LPK Danau Toba Nihon | | ap2ln | 12 | | Pematang Siantar
lpk-minang-yume | sending_organization | LPK Minang Yume | | ap2ln | 13 | | Padang
lpk-ranah-fuji | sending_organization | LPK Ranah Fuji | | | 13 | | Bukittinggi
lpk-losari-kaizen | sending_organization | LPK Losari Kaizen | | ap2ln | 73 | | Makassar
lpk-bugis-mandiri | sending_organization | LPK Bugis Mandiri Jepang | | ap2ln | 73 | | Gowa
michinoku-coop | supervising_organization | Michinoku Skills Cooperative | みちのく技能交流協同組合 | | | 04 | Sendai
chubu-coop | supervising_organization | Chubu Global Talent Cooperative | 中部グローバル人材協同組合 | | | 23 | Nagoya
sendai-seimitsu | company | Sendai Seimitsu Kogyo | 仙台精密工業株式会社 | michinoku-coop | | 04 | Sendai
ishinomaki-kaisan | company | Ishinomaki Kaisan Foods | 石巻海産食品株式会社 | michinoku-coop | | 04 | Ishinomaki
natori-green-farm | company | Natori Green Farm | 名取グリーンファーム株式会社 | michinoku-coop | | 04 | Natori
aoba-kensetsu | company | Aoba Kensetsu | 青葉建設株式会社 | michinoku-coop | | 04 | Sendai
toyohashi-kinzoku | company | Toyohashi Kinzoku | 豊橋金属株式会社 | chubu-coop | | 23 | Toyohashi
okazaki-auto | company | Okazaki Auto Service | 岡崎オートサービス株式会社 | chubu-coop | | 23 | Okazaki
higashiosaka-yosetsu | company | Higashi-Osaka Yosetsu | 東大阪溶接工業株式会社 | chubu-coop | | 27 | Higashiosaka
sakai-delica | company | Sakai Delica Foods | 堺デリカフーズ株式会社 | chubu-coop | | 27 | Sakai
kitakyushu-tekko | company | Kitakyushu Tekko | 北九州鉄工株式会社 | chubu-coop | | 40 | Kitakyushu
hakata-care | company | Hakata Care Service | 博多ケアサービス株式会社 | chubu-coop | | 40 | Fukuoka
tohoku-support | support_organization | Tohoku Life Support | 東北ライフサポート株式会社 | | | 04 | Sendai
pref-miyagi | prefecture | Miyagi Prefectural Government | 宮城県 | | | 04 | Sendai
kbri-tokyo | embassy | KBRI Tokyo | 在日インドネシア共和国大使館 | | | 13 | Shinagawa
"""


# The cities of the organizations in Japan as Japanese pages write them.
JAPANESE_CITIES = {
    "Sendai": "仙台市",
    "Ishinomaki": "石巻市",
    "Natori": "名取市",
    "Nagoya": "名古屋市",
    "Toyohashi": "豊橋市",
    "Okazaki": "岡崎市",
    "Higashiosaka": "東大阪市",
    "Sakai": "堺市",
    "Kitakyushu": "北九州市",
    "Fukuoka": "福岡市",
    "Shinagawa": "品川区",
}


def _organization_specs(table: str) -> tuple[OrganizationSpec, ...]:
    specs = []
    for line in table.strip().splitlines():
        code, kind, name, name_ja, parent, province, prefecture, city = (cell.strip() for cell in line.split("|"))
        city_ja = JAPANESE_CITIES[city] if prefecture else ""
        specs.append(
            OrganizationSpec(code, OrganizationKind(kind), name, name_ja, parent, province, prefecture, city, city_ja)
        )
    return tuple(specs)


ORGANIZATIONS = _organization_specs(_ORGANIZATION_TABLE)


class LoginSpec(NamedTuple):
    username: str
    organization: str
    role: Role


# One login per organization kind; the participant login is linked after seeding.
LOGINS: tuple[LoginSpec, ...] = (
    LoginSpec("kemnaker", "kemnaker", Role.ADMIN),
    LoginSpec("blk.bekasi", "bbpvp-bekasi", Role.OFFICER),
    LoginSpec("lpk.officer", "lpk-karya-nusantara", Role.OFFICER),
    LoginSpec("ap2ln.officer", "ap2ln", Role.OFFICER),
    LoginSpec("coop.officer", "michinoku-coop", Role.OFFICER),
    LoginSpec("company.officer", "sendai-seimitsu", Role.OFFICER),
    LoginSpec("support.officer", "tohoku-support", Role.OFFICER),
    LoginSpec("miyagi.officer", "pref-miyagi", Role.OFFICER),
    LoginSpec("kbri.officer", "kbri-tokyo", Role.OFFICER),
)
LPK_KIND = OrganizationKind.SENDING_ORGANIZATION
JAPANESE_KINDS = {
    OrganizationKind.SUPERVISING_ORGANIZATION,
    OrganizationKind.COMPANY,
    OrganizationKind.SUPPORT_ORGANIZATION,
    OrganizationKind.PREFECTURE,
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    organization: str
    kind: str
    role: str
    password: str


# --- where participants come from -------------------------------------------


class Regency(NamedTuple):
    code: str  # PPRR
    place: str
    weight: int


# Share of participants per training centre, then where its people live:
# regency code (PPRR, each in python-stdnum's place list so the NIKs validate),
# place, relative weight.
CENTRE_SHARES = {"bbpvp-bekasi": 28, "bbpvp-medan": 18, "bpvp-padang": 14, "bbpvp-makassar": 16, "bbpvp-semarang": 24}
_CATCHMENT_TABLE = """
bbpvp-bekasi | 3216 Bekasi 6, 3275 Bekasi 5, 3215 Karawang 4, 3201 Bogor 4, 3273 Bandung 3, 3212 Indramayu 3
bbpvp-bekasi | 3213 Subang 2, 3209 Cirebon 3, 3172 Jakarta Timur 3, 3603 Tangerang 2
bbpvp-medan | 1275 Medan 6, 1212 Deli Serdang 4, 1213 Langkat 2, 1209 Simalungun 2, 1273 Pematang Siantar 1
bbpvp-medan | 1171 Banda Aceh 1
bpvp-padang | 1371 Padang 6, 1306 Padang Pariaman 3, 1375 Bukittinggi 2, 1302 Pesisir Selatan 2, 1471 Pekanbaru 1
bbpvp-makassar | 7371 Makassar 6, 7306 Gowa 3, 7308 Maros 2, 7311 Bone 2, 7372 Parepare 1, 7471 Kendari 1
bbpvp-semarang | 3374 Semarang 5, 3322 Ungaran 2, 3321 Demak 3, 3301 Cilacap 3, 3302 Banyumas 3, 3372 Surakarta 2
bbpvp-semarang | 3320 Jepara 2, 3471 Yogyakarta 1, 3404 Sleman 1
"""


def _catchments(table: str) -> dict[str, tuple[Regency, ...]]:
    catchments: dict[str, tuple[Regency, ...]] = {}
    for line in table.strip().splitlines():
        centre, regencies = (cell.strip() for cell in line.split("|"))
        for entry in regencies.split(","):
            code, rest = entry.strip().split(" ", 1)
            place, weight = rest.rsplit(" ", 1)
            catchments[centre] = (*catchments.get(centre, ()), Regency(code, place, int(weight)))
    return catchments


CATCHMENTS = _catchments(_CATCHMENT_TABLE)
LOCAL_LPK_SHARE = 0.8  # the rest enrol with an LPK/SO elsewhere
MALE_SHARE = 0.7

# --- the lifecycle --------------------------------------------------------------

Path = tuple[Status, ...]
_MAIN: Path = (
    Status.REGISTERED,
    Status.IN_TRAINING,
    Status.READY,
    Status.SHORTLISTED,
    Status.SELECTED,
    Status.PRE_DEPARTURE,
    Status.DEPARTED,
    Status.PLACED,
)


def _to(status: Status) -> Path:
    return _MAIN[: _MAIN.index(status) + 1]


_DROPPED = (*_to(Status.SHORTLISTED), Status.READY)  # dropped from a shortlist, back in the pool
_PLACED = _to(Status.PLACED)


def _exits(leave: Status, weights: tuple[int, ...]) -> tuple[tuple[Path, int], ...]:
    return tuple(((*_MAIN[: index + 1], leave), weight) for index, weight in enumerate(weights))


Days = tuple[float, float]


class StatusMix(NamedTuple):
    per_mille: int  # of all participants
    days_to: Days  # from the previous status to this one, unless EDGE_DAYS says otherwise
    days_since: Days  # in it by today, for those who are


# Most participants are still in Indonesia; those further along registered earlier.
STATUS_MIX: dict[Status, StatusMix] = {
    Status.REGISTERED: StatusMix(140, (0, 0), (1, 45)),
    Status.IN_TRAINING: StatusMix(170, (7, 45), (1, 110)),
    Status.READY: StatusMix(200, (100, 130), (1, 300)),  # four months of skills and language training
    Status.SHORTLISTED: StatusMix(60, (14, 120), (1, 60)),
    Status.SELECTED: StatusMix(40, (7, 45), (1, 45)),
    Status.PRE_DEPARTURE: StatusMix(40, (7, 30), (1, 30)),
    Status.DEPARTED: StatusMix(20, (45, 120), (1, 27)),
    Status.PLACED: StatusMix(170, (28, 35), (1, 700)),  # placed after a month of lectures in Japan
    Status.TRANSFERRED: StatusMix(10, (90, 400), (1, 400)),
    Status.MISSING: StatusMix(3, (60, 500), (1, 120)),
    Status.DECEASED: StatusMix(1, (60, 600), (1, 700)),
    Status.RETURNED_EARLY: StatusMix(16, (60, 400), (1, 500)),
    Status.RETURNED: StatusMix(60, (330, 380), (1, 400)),  # TITP stage i lasts a year
    Status.WITHDRAWN: StatusMix(55, (5, 90), (1, 700)),
    Status.DISQUALIFIED: StatusMix(15, (5, 60), (1, 700)),
}
EDGE_DAYS: dict[tuple[Status, Status], Days] = {
    (Status.READY, Status.IN_TRAINING): (7, 30),
    (Status.SHORTLISTED, Status.READY): (10, 45),
    (Status.SELECTED, Status.READY): (10, 60),
    (Status.RETURNED, Status.READY): (30, 180),
    (Status.TRANSFERRED, Status.PLACED): (14, 60),
    (Status.MISSING, Status.PLACED): (3, 30),
    (Status.MISSING, Status.DECEASED): (7, 120),
    (Status.DEPARTED, Status.RETURNED_EARLY): (3, 25),
    (Status.RETURNED_EARLY, Status.RETURNED): (1, 14),
}

# The ways people reach each status, with relative weights; the detours are the
# backward edges of ALLOWED_TRANSITIONS that happen in real life.
PATHS: dict[Status, tuple[tuple[Path, int], ...]] = {
    Status.REGISTERED: ((_to(Status.REGISTERED), 1),),
    Status.IN_TRAINING: ((_to(Status.IN_TRAINING), 1),),
    Status.READY: (
        (_to(Status.READY), 85),
        (_DROPPED, 8),
        ((*_to(Status.READY), Status.IN_TRAINING, Status.READY), 4),  # sent back to retrain
        ((*_PLACED, Status.RETURNED, Status.READY), 3),  # a returnee back in the pool for another programme
    ),
    Status.SHORTLISTED: ((_to(Status.SHORTLISTED), 90), ((*_DROPPED, Status.SHORTLISTED), 10)),
    Status.SELECTED: ((_to(Status.SELECTED), 92), ((*_DROPPED, Status.SHORTLISTED, Status.SELECTED), 8)),
    Status.PRE_DEPARTURE: (
        (_to(Status.PRE_DEPARTURE), 95),
        ((*_to(Status.SELECTED), Status.READY, *_to(Status.PRE_DEPARTURE)[3:]), 5),  # an offer withdrawn
    ),
    Status.DEPARTED: ((_to(Status.DEPARTED), 1),),
    Status.PLACED: (
        (_PLACED, 92),
        ((*_PLACED, Status.TRANSFERRED, Status.PLACED), 6),
        ((*_PLACED, Status.MISSING, Status.PLACED), 2),
    ),
    Status.TRANSFERRED: (((*_PLACED, Status.TRANSFERRED), 1),),
    Status.MISSING: (((*_PLACED, Status.MISSING), 1),),
    Status.DECEASED: (((*_PLACED, Status.DECEASED), 3), ((*_PLACED, Status.MISSING, Status.DECEASED), 1)),
    Status.RETURNED_EARLY: (
        ((*_PLACED, Status.RETURNED_EARLY), 4),
        ((*_to(Status.DEPARTED), Status.RETURNED_EARLY), 1),
    ),
    Status.RETURNED: (((*_PLACED, Status.RETURNED), 85), ((*_PLACED, Status.RETURNED_EARLY, Status.RETURNED), 15)),
    # Leaving before departure, by the stage people leave from (registered ... pre_departure).
    Status.WITHDRAWN: _exits(Status.WITHDRAWN, (30, 30, 20, 8, 7, 5)),
    Status.DISQUALIFIED: _exits(Status.DISQUALIFIED, (20, 35, 15, 10, 10, 10)),
}

EDGE_REASONS: dict[tuple[Status, Status], tuple[str, ...]] = {
    (Status.READY, Status.IN_TRAINING): ("Mengulang pelatihan bahasa Jepang.",),
    (Status.SHORTLISTED, Status.READY): ("Tidak terpilih dalam wawancara perusahaan.",),
    (Status.SELECTED, Status.READY): ("Penawaran kerja dibatalkan oleh perusahaan.",),
    (Status.RETURNED, Status.READY): ("Mendaftar kembali untuk program SSW setelah pulang.",),
    (Status.MISSING, Status.PLACED): ("Ditemukan dan kembali bekerja.",),
    (Status.TRANSFERRED, Status.PLACED): ("Mulai bekerja di perusahaan baru.",),
}
REASONS: dict[Status, tuple[str, ...]] = {
    Status.WITHDRAWN: (
        "Mengundurkan diri karena alasan keluarga.",
        "Diterima bekerja di dalam negeri.",
        "Mengundurkan diri: menikah.",
        "Tidak hadir tanpa kabar lebih dari 30 hari.",
    ),
    Status.DISQUALIFIED: (
        "Tidak lulus pemeriksaan kesehatan.",
        "Tidak lulus uji kompetensi kejuruan.",
        "Tidak lulus tes bahasa Jepang (JFT-Basic).",
        "Dokumen identitas tidak sah.",
    ),
    Status.MISSING: ("Tidak hadir di tempat kerja dan tidak dapat dihubungi; dilaporkan oleh perusahaan.",),
    Status.DECEASED: ("Meninggal dunia karena sakit; keluarga dan KBRI telah diberi tahu.",),
    Status.RETURNED_EARLY: (
        "Pulang lebih awal karena alasan kesehatan.",
        "Pulang lebih awal karena alasan keluarga.",
        "Perusahaan menghentikan program pemagangan.",
    ),
    Status.TRANSFERRED: ("Pindah perusahaan karena perusahaan asal menghentikan kegiatan.",),
}
