//! Latin-script family and given names of foreign nationals, by language group, so that a
//! synthetic Korean is called Kim and a synthetic German Mueller. ASCII only, no commas.

/// Family names and given names of one language group.
pub(super) struct NameGroup {
    pub family: &'static [&'static str],
    pub given: &'static [&'static str],
}

const KOREAN: NameGroup = NameGroup {
    family: &[
        "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim",
    ],
    given: &[
        "Minjun", "Seoyeon", "Jiwoo", "Hyunwoo", "Jiyoung", "Sungmin", "Eunji", "Donghyun", "Yuna",
        "Jaehyun",
    ],
};

const JAPANESE: NameGroup = NameGroup {
    family: &[
        "Sato",
        "Suzuki",
        "Takahashi",
        "Tanaka",
        "Watanabe",
        "Ito",
        "Yamamoto",
        "Nakamura",
        "Kobayashi",
        "Kato",
    ],
    given: &[
        "Haruto", "Yui", "Sota", "Aoi", "Kenji", "Yuki", "Takeshi", "Naoko", "Hiroshi", "Emi",
    ],
};

const VIETNAMESE: NameGroup = NameGroup {
    family: &["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"],
    given: &["Anh", "Minh", "Linh", "Huong", "Duc", "Thu", "Quang", "Lan"],
};

const ENGLISH: NameGroup = NameGroup {
    family: &[
        "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Miller", "Clark", "Walker",
        "Wright",
    ],
    given: &[
        "James", "Emily", "Michael", "Sarah", "David", "Laura", "Daniel", "Jessica", "Thomas",
        "Anna",
    ],
};

const STRAITS: NameGroup = NameGroup {
    family: &["Tan", "Lim", "Ng", "Ong", "Wong", "Goh", "Teo"],
    given: &[
        "Jia Hui", "Wei Jie", "Shu Ting", "Jun Wei", "Daniel", "Rachel",
    ],
};

const GERMAN: NameGroup = NameGroup {
    family: &[
        "Mueller",
        "Schmidt",
        "Schneider",
        "Fischer",
        "Weber",
        "Meyer",
        "Wagner",
        "Becker",
    ],
    given: &[
        "Lukas",
        "Anna",
        "Felix",
        "Julia",
        "Jonas",
        "Lena",
        "Maximilian",
        "Katrin",
    ],
};

const FRENCH: NameGroup = NameGroup {
    family: &[
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy",
    ],
    given: &[
        "Camille", "Louis", "Chloe", "Hugo", "Manon", "Julien", "Lea", "Antoine",
    ],
};

const RUSSIAN: NameGroup = NameGroup {
    family: &[
        "Ivanov",
        "Smirnov",
        "Kuznetsov",
        "Popov",
        "Volkov",
        "Petrova",
        "Sokolova",
        "Orlov",
    ],
    given: &[
        "Dmitry", "Anna", "Sergey", "Olga", "Alexei", "Natalia", "Ivan", "Elena",
    ],
};

const MONGOLIAN: NameGroup = NameGroup {
    family: &["Bat", "Ganbold", "Erdene", "Tsend", "Dorj"],
    given: &["Bolormaa", "Temuulen", "Enkhjargal", "Bat-Erdene", "Oyuun"],
};

const THAI: NameGroup = NameGroup {
    family: &[
        "Saetang",
        "Srisuk",
        "Wongsawat",
        "Chaiyaporn",
        "Rattanakorn",
        "Boonmee",
    ],
    given: &["Somchai", "Siriporn", "Niran", "Kanya", "Apinya", "Prasert"],
};

const MALAY: NameGroup = NameGroup {
    family: &[
        "Santoso", "Wijaya", "Rahman", "Hassan", "Abdullah", "Saputra", "Ismail",
    ],
    given: &["Budi", "Siti", "Ahmad", "Dewi", "Putri", "Rizal", "Nur"],
};

const SOUTH_ASIAN: NameGroup = NameGroup {
    family: &[
        "Sharma", "Patel", "Singh", "Kumar", "Khan", "Ahmed", "Gupta", "Shrestha",
    ],
    given: &[
        "Rahul", "Priya", "Amit", "Ayesha", "Imran", "Sunita", "Arjun", "Fatima",
    ],
};

const IBERIAN: NameGroup = NameGroup {
    family: &[
        "Garcia",
        "Rodriguez",
        "Martinez",
        "Lopez",
        "Gonzalez",
        "Silva",
        "Santos",
        "Fernandez",
    ],
    given: &[
        "Carlos", "Maria", "Jose", "Lucia", "Juan", "Ana", "Diego", "Sofia",
    ],
};

const ARABIC: NameGroup = NameGroup {
    family: &[
        "Al-Sayed", "Haddad", "Mansour", "Nasser", "Khalil", "Hamdan", "Ibrahim", "Saleh",
    ],
    given: &[
        "Mohamed", "Fatima", "Ahmed", "Mariam", "Omar", "Layla", "Youssef", "Nour",
    ],
};

const EUROPEAN: NameGroup = NameGroup {
    family: &[
        "Rossi",
        "Bianchi",
        "de Vries",
        "Jansen",
        "Andersson",
        "Nielsen",
        "Novak",
        "Kowalski",
        "Horvath",
        "Papadopoulos",
    ],
    given: &[
        "Marco", "Giulia", "Lars", "Emma", "Piotr", "Eva", "Jan", "Sofia",
    ],
};

/// Everyone else: a mixed list, mostly West and East African names.
const OTHER: NameGroup = NameGroup {
    family: &[
        "Okafor", "Mensah", "Mwangi", "Diallo", "Banda", "Kamara", "Moyo", "Traore", "Otieno",
        "Nkosi",
    ],
    given: &[
        "Kwame", "Amina", "Joseph", "Grace", "Samuel", "Fatou", "Peter", "Esther",
    ],
};

/// The name group of a nationality (ISO 3166-1 alpha-2).
pub(super) fn group(nationality: &str) -> &'static NameGroup {
    match nationality {
        "KR" | "KP" => &KOREAN,
        "JP" => &JAPANESE,
        "VN" => &VIETNAMESE,
        "US" | "GB" | "CA" | "AU" | "NZ" | "IE" | "ZA" | "JM" | "TT" => &ENGLISH,
        "SG" => &STRAITS,
        "DE" | "AT" | "CH" | "LI" | "LU" => &GERMAN,
        "FR" | "BE" | "MC" => &FRENCH,
        "RU" | "UA" | "BY" | "KZ" | "KG" | "UZ" | "TJ" | "TM" | "MD" | "AM" | "AZ" | "GE" => {
            &RUSSIAN
        }
        "MN" => &MONGOLIAN,
        "TH" | "LA" => &THAI,
        "ID" | "MY" | "BN" => &MALAY,
        "IN" | "PK" | "NP" | "BD" | "LK" | "BT" | "MV" | "AF" => &SOUTH_ASIAN,
        "ES" | "PT" | "BR" | "MX" | "AR" | "CO" | "PE" | "CL" | "VE" | "EC" | "CU" | "UY"
        | "PY" | "BO" | "CR" | "PA" | "DO" | "GT" | "HN" | "SV" | "NI" => &IBERIAN,
        "EG" | "SA" | "YE" | "SY" | "IQ" | "JO" | "LB" | "SD" | "MA" | "DZ" | "TN" | "LY"
        | "AE" | "OM" | "QA" | "KW" | "BH" | "PS" | "MR" => &ARABIC,
        "IT" | "NL" | "SE" | "DK" | "NO" | "FI" | "PL" | "CZ" | "SK" | "HU" | "GR" | "RO"
        | "BG" | "RS" | "HR" | "SI" | "IS" | "EE" | "LV" | "LT" | "IL" | "TR" | "CY" | "MT" => {
            &EUROPEAN
        }
        _ => &OTHER,
    }
}
