//! Person search benchmark: seeds N synthetic people (names in Latin and native scripts, one
//! passport each) and measures `Store::search_persons` by name prefix, full name, Chinese name,
//! passport number and name with nationality, against the naive substring scan a system
//! without the term index would run, measured in the same run on the same database.
//!
//! ```text
//! cargo run --release -p hrx-store --example search_bench -- --url sqlite:///tmp/b.db --people 1000000
//! ```
//!
//! Seeding is deterministic (seed 42 unless `--seed`); a database that already holds at least
//! N people from the same seed is reused. The exit status is non-zero if HRX returned a wrong
//! result: a passport query that misses its holder, a returned person that does not match
//! the query, or a total that differs from the reference count where both must agree.

use hrx_domain::access::Scope;
use hrx_domain::registry::{search_key, search_terms};
use hrx_store::registry::{PersonQuery, PersonRecord};
use hrx_store::{Backend, Store};
use sqlx::{Executor, Row};
use std::collections::BTreeSet;
use std::process::ExitCode;
use std::time::{Duration, Instant};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// People written per transaction, and rows per multi-row INSERT (at most 6 parameters a row:
/// 3,001 parameters, far below SQLite's 32,766 and PostgreSQL's 65,535).
const TX_PEOPLE: u64 = 10_000;
const ROWS_PER_INSERT: usize = 500;
const PER_PAGE: i64 = 25;

// ---------------------------------------------------------------------------------------------
// Arguments

struct Args {
    url: String,
    people: u64,
    seed: u64,
    queries: usize,
    rounds: usize,
    ref_rounds: usize,
    verbose: bool,
}

const USAGE: &str = "usage: search_bench --url URL [--people N] [--seed S] [--queries Q] \
                     [--rounds R] [--ref-rounds R] [--verbose]\n  URL: sqlite://PATH or postgres://…; \
                     N people (default 1000000); Q queries per kind (default 20); R timed rounds \
                     per HRX query (default 3) and per reference query (default 1)";

fn parse_args() -> Result<Args, BoxError> {
    let mut args = Args {
        url: String::new(),
        people: 1_000_000,
        seed: 42,
        queries: 20,
        rounds: 3,
        ref_rounds: 1,
        verbose: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--url" => args.url = value()?,
            "--people" => args.people = value()?.replace('_', "").parse()?,
            "--seed" => args.seed = value()?.parse()?,
            "--queries" => args.queries = value()?.parse()?,
            "--rounds" => args.rounds = value()?.parse()?,
            "--ref-rounds" => args.ref_rounds = value()?.parse()?,
            "--verbose" => args.verbose = true,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}\n{USAGE}").into()),
        }
    }
    if args.url.is_empty() {
        return Err(format!("--url is required\n{USAGE}").into());
    }
    if args.people == 0 || args.people >= 100_000_000 {
        return Err(
            "--people must be between 1 and 99,999,999 (passport numbers have 8 digits)".into(),
        );
    }
    if args.queries == 0 || args.rounds == 0 || args.ref_rounds == 0 {
        return Err("--queries, --rounds and --ref-rounds must be at least 1".into());
    }
    Ok(args)
}

// ---------------------------------------------------------------------------------------------
// Deterministic pseudo-random numbers: splitmix64.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut r = Rng(seed);
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Skewed towards the start of a list (lists are ordered by frequency): index
    /// `n · u^power`, so the first of 100 entries is drawn with probability 100^(-1/power).
    fn skewed(&mut self, n: usize, power: f64) -> usize {
        ((self.unit().powf(power) * n as f64) as usize).min(n.saturating_sub(1))
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }

    fn pick_skewed<'a, T>(&mut self, items: &'a [T], power: f64) -> Option<&'a T> {
        items.get(self.skewed(items.len(), power))
    }
}

// ---------------------------------------------------------------------------------------------
// Name tables, most frequent first. Latin-script languages list names as written; other
// scripts list `native=Latin` pairs.

struct Latin {
    /// Men's names, `;`, women's names.
    given: &'static str,
    family: &'static str,
    countries: &'static str,
    /// Percent of people with a second family name (Spanish, Portuguese) or a middle name.
    second_family: usize,
    middle: usize,
    weight: usize,
}

const LATIN: &[Latin] = &[
    Latin {
        given: "James,John,Robert,Michael,William,David,Richard,Joseph,Thomas,Charles,Oliver,Harry,George,Noah,Jack,Liam,Ethan,Daniel; Mary,Patricia,Jennifer,Linda,Elizabeth,Barbara,Susan,Jessica,Sarah,Karen,Olivia,Amelia,Isla,Ava,Emily,Grace,Chloe,Sophia,Charlotte",
        family: "Smith,Johnson,Williams,Brown,Jones,Miller,Davis,Wilson,Anderson,Taylor,Moore,Jackson,White,Harris,Thompson,Clark,Lewis,Robinson,Walker,Young,Allen,Wright,Scott,Green,Baker,Adams,Nelson,Hill,Campbell,Mitchell,Roberts,Carter,Phillips,Evans,Turner,Murphy,O'Brien,Kelly,Walsh,Byrne,Ryan,O'Connor,McCarthy",
        countries: "US,US,US,GB,GB,AU,CA,NZ,IE",
        second_family: 0,
        middle: 20,
        weight: 9,
    },
    Latin {
        given: "Lukas,Jonas,Maximilian,Felix,Paul,Leon,Jürgen,Günter,Dieter,Wolfgang,Klaus,Uwe,Stefan,Matthias,Tobias,Jörg,Björn; Anna,Lena,Sophie,Marie,Hannah,Emma,Mia,Johanna,Katharina,Birgit,Sabine,Ursula,Annelie",
        family: "Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Schäfer,Koch,Bauer,Richter,Klein,Wolf,Schröder,Neumann,Schwarz,Zimmermann,Braun,Krüger,Hofmann,Hartmann,Lange,Schmitt,Werner,Krause,Meier,Lehmann,Müllner,Köhler,Weiß,Groß",
        countries: "DE,DE,DE,DE,AT,CH",
        second_family: 0,
        middle: 10,
        weight: 6,
    },
    Latin {
        given: "Jean,Pierre,Louis,Gabriel,Hugo,Théo,Benoît,Jérôme,François,Aurélien,Mathieu,Nicolas,Antoine,Julien,Clément; Marie,Camille,Léa,Chloé,Manon,Nathalie,Isabelle,Sylvie,Françoise,Émilie,Céline,Hélène,Élodie,Margaux,Zoé",
        family: "Martin,Bernard,Dubois,Thomas,Robert,Richard,Petit,Durand,Leroy,Moreau,Simon,Laurent,Lefèbvre,Michel,Roux,Fournier,Girard,Bonnet,Dupont,Lambert,Fontaine,Rousseau,Vincent,Muller,Lefèvre,Mercier,Blanc,Guérin,Faure,Chevalier",
        countries: "FR,FR,FR,BE,CA",
        second_family: 0,
        middle: 10,
        weight: 5,
    },
    Latin {
        given: "José,Juan,Antonio,Manuel,Francisco,Javier,Carlos,Miguel,Alejandro,Pablo,Andrés,Diego,Santiago,Mateo,Sebastián; María,Sofía,Lucía,Carmen,Isabel,Paula,Valentina,Camila,Martina,Daniela,Gabriela,Fernanda,Ximena,Rocío,Inés",
        family: "García,Rodríguez,González,Fernández,López,Martínez,Sánchez,Pérez,Gómez,Martín,Jiménez,Ruiz,Hernández,Díaz,Moreno,Muñoz,Álvarez,Romero,Alonso,Gutiérrez,Navarro,Torres,Domínguez,Vázquez,Ramos,Gil,Ramírez,Serrano,Blanco,Castro,Ortiz,Rubio,Morales,Delgado,Ortega",
        countries: "ES,ES,MX,MX,AR,CO,CL,PE",
        second_family: 60,
        middle: 0,
        weight: 8,
    },
    Latin {
        given: "Giuseppe,Giovanni,Antonio,Mario,Luigi,Francesco,Alessandro,Andrea,Marco,Matteo,Lorenzo,Leonardo,Niccolò,Riccardo,Davide,Simone,Stefano,Paolo; Giulia,Chiara,Francesca,Sara,Alessia,Martina,Aurora,Federica,Elena,Valentina,Giorgia,Roberta",
        family: "Rossi,Russo,Ferrari,Esposito,Bianchi,Romano,Colombo,Ricci,Marino,Greco,Bruno,Gallo,Conti,De Luca,Mancini,Costa,Giordano,Rizzo,Lombardi,Moretti,Barbieri,Fontana,Santoro,Mariani,Rinaldi,Caruso,Ferrara,Galli,Martini,Leone",
        countries: "IT",
        second_family: 0,
        middle: 5,
        weight: 4,
    },
    Latin {
        given: "João,José,Francisco,Antônio,Pedro,Lucas,Gabriel,Rafael,Gonçalo,Tiago,Rodrigo,Thiago,Sebastião; Maria,Ana,Beatriz,Mariana,Larissa,Letícia,Júlia,Camila,Vitória,Fernanda,Luísa,Inês",
        family: "Silva,Santos,Oliveira,Souza,Rodrigues,Ferreira,Alves,Pereira,Lima,Gomes,Costa,Ribeiro,Martins,Carvalho,Almeida,Lopes,Soares,Fernandes,Vieira,Barbosa,Rocha,Dias,Nascimento,Andrade,Moreira,Nunes,Marques,Machado,Mendes,Freitas,Conceição,Araújo,Gonçalves",
        countries: "BR,BR,BR,PT",
        second_family: 50,
        middle: 0,
        weight: 5,
    },
    Latin {
        given: "Daan,Sem,Lucas,Levi,Finn,Milan,Jesse,Bram,Maarten,Joost,Pieter,Willem; Emma,Julia,Tess,Sophie,Fenna,Anouk,Sanne,Femke",
        family: "de Jong,Jansen,de Vries,van den Berg,van Dijk,Bakker,Janssen,Visser,Smit,Meijer,de Boer,Mulder,de Groot,Bos,Vos,Peters,Hendriks,van Leeuwen,Dekker,Brouwer",
        countries: "NL,NL,NL,BE",
        second_family: 0,
        middle: 0,
        weight: 2,
    },
    Latin {
        given: "Piotr,Krzysztof,Andrzej,Tomasz,Paweł,Michał,Marcin,Łukasz,Jakub,Mateusz; Anna,Maria,Katarzyna,Małgorzata,Agnieszka,Barbara,Ewa,Magdalena,Joanna,Zofia",
        family: "Nowak,Kowalski,Wiśniewski,Wójcik,Kowalczyk,Kamiński,Lewandowski,Zieliński,Szymański,Woźniak,Dąbrowski,Kozłowski,Jankowski,Mazur,Kwiatkowski,Krawczyk,Piotrowski,Grabowski,Nowakowski,Pawłowski",
        countries: "PL",
        second_family: 0,
        middle: 0,
        weight: 2,
    },
    Latin {
        given: "Mehmet,Mustafa,Ahmet,Ali,Hüseyin,Hasan,İbrahim,Murat,Emre,Burak; Ayşe,Fatma,Emine,Zeynep,Elif,Merve,Büşra,Özlem,Gül,Şeyma",
        family: "Yılmaz,Kaya,Demir,Şahin,Çelik,Yıldız,Yıldırım,Öztürk,Aydın,Özdemir,Arslan,Doğan,Kılıç,Aslan,Çetin,Kara,Koç,Kurt,Özkan,Şimşek",
        countries: "TR",
        second_family: 0,
        middle: 0,
        weight: 3,
    },
    Latin {
        given: "Lars,Erik,Anders,Johan,Karl,Nils,Ole,Sven,Mikko,Juha; Ingrid,Astrid,Sigrid,Freja,Maja,Saga,Aino,Linnea,Kirsten,Mette",
        family: "Johansson,Andersson,Karlsson,Nilsson,Eriksson,Larsson,Olsson,Persson,Hansen,Johansen,Olsen,Larsen,Andersen,Pedersen,Nielsen,Jensen,Korhonen,Virtanen,Mäkinen,Nieminen,Mäkelä,Hämäläinen,Sørensen,Østergaard,Åberg",
        countries: "SE,SE,NO,DK,FI",
        second_family: 0,
        middle: 5,
        weight: 2,
    },
];

/// A language written in another script: native and Latin names side by side.
struct Script {
    /// Men's names, `;`, women's names.
    given: &'static str,
    family: &'static str,
    countries: &'static str,
    /// How the native name is written.
    native_order: NativeOrder,
    /// Latin name family name first ("Kim Minjun") rather than given name first.
    latin_family_first: bool,
    /// Percent of people whose native name is on record.
    native_percent: usize,
    /// Family names take a feminine form for women (Петров → Петрова, Petrov → Petrova).
    feminine: bool,
    weight: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NativeOrder {
    GivenFamily,
    FamilyGiven,
    FamilyGivenJoined,
}

const SCRIPTS: &[Script] = &[
    // Russian, Ukrainian, Belarusian, Kazakh: Cyrillic.
    Script {
        given: "Александр=Aleksandr,Сергей=Sergey,Дмитрий=Dmitriy,Андрей=Andrey,Алексей=Aleksey,Максим=Maksim,Иван=Ivan,Михаил=Mikhail,Николай=Nikolay,Владимир=Vladimir,Олег=Oleg,Павел=Pavel,Юрий=Yuriy; Елена=Elena,Ольга=Olga,Наталья=Natalya,Татьяна=Tatyana,Анна=Anna,Мария=Mariya,Екатерина=Ekaterina,Ирина=Irina,Светлана=Svetlana,Юлия=Yuliya,Анастасия=Anastasiya,Дарья=Darya",
        family: "Иванов=Ivanov,Смирнов=Smirnov,Кузнецов=Kuznetsov,Попов=Popov,Васильев=Vasilyev,Петров=Petrov,Соколов=Sokolov,Михайлов=Mikhaylov,Новиков=Novikov,Фёдоров=Fedorov,Морозов=Morozov,Волков=Volkov,Алексеев=Alekseyev,Лебедев=Lebedev,Семёнов=Semenov,Егоров=Yegorov,Павлов=Pavlov,Козлов=Kozlov,Степанов=Stepanov,Николаев=Nikolaev,Шевченко=Shevchenko,Бондаренко=Bondarenko,Коваленко=Kovalenko,Ткаченко=Tkachenko,Мельник=Melnyk,Сорокин=Sorokin,Зайцев=Zaytsev",
        countries: "RU,RU,RU,RU,UA,UA,BY,KZ",
        native_order: NativeOrder::GivenFamily,
        latin_family_first: false,
        native_percent: 100,
        feminine: true,
        weight: 8,
    },
    Script {
        given: "翔=Sho,大翔=Hiroto,蓮=Ren,健=Ken,誠=Makoto,太郎=Taro,拓也=Takuya,直樹=Naoki; 陽菜=Hina,結衣=Yui,花子=Hanako,美咲=Misaki,さくら=Sakura,裕子=Yuko,恵=Megumi",
        family: "佐藤=Sato,鈴木=Suzuki,高橋=Takahashi,田中=Tanaka,伊藤=Ito,渡辺=Watanabe,山本=Yamamoto,中村=Nakamura,小林=Kobayashi,加藤=Kato,吉田=Yoshida,山田=Yamada,佐々木=Sasaki,山口=Yamaguchi,松本=Matsumoto",
        countries: "JP",
        native_order: NativeOrder::FamilyGiven,
        latin_family_first: false,
        native_percent: 100,
        feminine: false,
        weight: 4,
    },
    Script {
        given: "민준=Minjun,지훈=Jihoon,서준=Seojun,도윤=Doyun,예준=Yejun,현우=Hyunwoo; 서연=Seoyeon,하은=Haeun,지우=Jiwoo,수아=Sua,지민=Jimin,유진=Yujin",
        family: "김=Kim,이=Lee,박=Park,최=Choi,정=Jung,강=Kang,조=Cho,윤=Yoon,장=Jang,임=Lim",
        countries: "KR",
        native_order: NativeOrder::FamilyGivenJoined,
        latin_family_first: true,
        native_percent: 100,
        feminine: false,
        weight: 5,
    },
    Script {
        given: "محمد=Mohammed,أحمد=Ahmed,علي=Ali,عمر=Omar,يوسف=Youssef,خالد=Khaled,حسن=Hassan,إبراهيم=Ibrahim,عبدالله=Abdullah; فاطمة=Fatima,عائشة=Aisha,مريم=Maryam,نور=Nour,سارة=Sara,ليلى=Layla",
        family: "حداد=Haddad,خوري=Khoury,منصور=Mansour,عباس=Abbas,سليمان=Suleiman,العلي=Al-Ali,المنصوري=Al-Mansouri,الأحمد=Al-Ahmad,الشمري=Al-Shammari,القحطاني=Al-Qahtani,الزهراني=Al-Zahrani,بن علي=Ben Ali,العمري=El Amri,الإدريسي=El Idrissi,النجار=Al-Najjar",
        countries: "SA,EG,EG,AE,MA",
        native_order: NativeOrder::GivenFamily,
        latin_family_first: false,
        native_percent: 90,
        feminine: false,
        weight: 4,
    },
    Script {
        given: "राहुल=Rahul,अमित=Amit,विकास=Vikas,राजेश=Rajesh,अर्जुन=Arjun; प्रिया=Priya,अंजलि=Anjali,सुनीता=Sunita,पूजा=Pooja,नेहा=Neha",
        family: "शर्मा=Sharma,वर्मा=Verma,गुप्ता=Gupta,सिंह=Singh,कुमार=Kumar,पटेल=Patel,यादव=Yadav,जोशी=Joshi,मिश्रा=Mishra,रेड्डी=Reddy",
        countries: "IN",
        native_order: NativeOrder::GivenFamily,
        latin_family_first: false,
        native_percent: 50,
        feminine: false,
        weight: 2,
    },
    Script {
        given: "Γιώργος=Georgios,Δημήτρης=Dimitrios,Νίκος=Nikolaos,Κώστας=Konstantinos,Γιάννης=Ioannis; Μαρία=Maria,Ελένη=Eleni,Αικατερίνη=Aikaterini,Σοφία=Sofia,Αναστασία=Anastasia",
        family: "Παπαδόπουλος=Papadopoulos,Παπαδάκης=Papadakis,Γεωργίου=Georgiou,Οικονόμου=Oikonomou,Νικολάου=Nikolaou,Βλάχος=Vlachos,Αλεξίου=Alexiou,Ιωάννου=Ioannou,Μαυρίδης=Mavridis,Καραγιάννης=Karagiannis",
        countries: "GR",
        native_order: NativeOrder::GivenFamily,
        latin_family_first: false,
        native_percent: 100,
        feminine: false,
        weight: 2,
    },
];

/// Chinese surnames by frequency, and characters of given names, with their pinyin.
const ZH_SURNAMES: &str = "王=Wang,李=Li,张=Zhang,刘=Liu,陈=Chen,杨=Yang,黄=Huang,赵=Zhao,吴=Wu,周=Zhou,徐=Xu,孙=Sun,马=Ma,朱=Zhu,胡=Hu,郭=Guo,何=He,高=Gao,林=Lin,罗=Luo,郑=Zheng,梁=Liang,谢=Xie,宋=Song,唐=Tang,许=Xu,韩=Han,冯=Feng,邓=Deng,曹=Cao,彭=Peng,曾=Zeng,肖=Xiao,田=Tian,董=Dong,袁=Yuan,潘=Pan,于=Yu,蒋=Jiang,蔡=Cai,余=Yu,杜=Du,叶=Ye,程=Cheng,苏=Su,魏=Wei,吕=Lyu,丁=Ding,任=Ren,沈=Shen,姚=Yao,卢=Lu,姜=Jiang,崔=Cui,钟=Zhong,谭=Tan,陆=Lu,汪=Wang,范=Fan,金=Jin,石=Shi,廖=Liao,贾=Jia,夏=Xia,韦=Wei,付=Fu,方=Fang,白=Bai,邹=Zou,孟=Meng,熊=Xiong,秦=Qin,邱=Qiu,江=Jiang,尹=Yin,薛=Xue,闫=Yan,段=Duan,雷=Lei,侯=Hou,龙=Long,史=Shi,陶=Tao,黎=Li,贺=He,顾=Gu,毛=Mao,郝=Hao,龚=Gong,邵=Shao,万=Wan,钱=Qian,严=Yan,覃=Qin,武=Wu,戴=Dai,莫=Mo,孔=Kong,向=Xiang,汤=Tang";
const ZH_GIVEN: &str = "伟=wei,芳=fang,娜=na,秀=xiu,英=ying,敏=min,静=jing,丽=li,强=qiang,磊=lei,军=jun,洋=yang,勇=yong,艳=yan,杰=jie,娟=juan,涛=tao,明=ming,超=chao,霞=xia,平=ping,刚=gang,桂=gui,华=hua,建=jian,国=guo,文=wen,红=hong,玉=yu,兰=lan,志=zhi,海=hai,波=bo,辉=hui,鹏=peng,飞=fei,宇=yu,浩=hao,俊=jun,婷=ting,雪=xue,梅=mei,琳=lin,晨=chen,欣=xin,怡=yi,佳=jia,嘉=jia,子=zi,涵=han,轩=xuan,睿=rui,博=bo,思=si,雨=yu,萱=xuan,梓=zi,诗=shi,晓=xiao,东=dong,春=chun,凤=feng,云=yun,成=cheng,亮=liang,斌=bin,宁=ning,德=de,永=yong,庆=qing,荣=rong,新=xin,生=sheng,光=guang,天=tian,立=li,峰=feng,家=jia,鑫=xin,瑞=rui,丹=dan,倩=qian,颖=ying,慧=hui,淑=shu,珍=zhen,琴=qin,燕=yan,玲=ling,萍=ping,晶=jing,璐=lu,悦=yue,然=ran,阳=yang,帆=fan,凯=kai,毅=yi,昊=hao,泽=ze,铭=ming,彤=tong,瑶=yao,薇=wei,蕾=lei,洁=jie,莉=li,婉=wan,清=qing,安=an,和=he,振=zhen,宏=hong,仁=ren";
const ZH_COUNTRIES: &str = "CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,TW,HK,SG,MY";
/// Percent of people with a Chinese name; the rest is split by the weights above.
const ZH_PERCENT: usize = 40;

fn list(s: &'static str) -> Vec<&'static str> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

/// Men's and women's names.
fn sexes(s: &'static str) -> [&'static str; 2] {
    let (men, women) = s.split_once(';').unwrap_or((s, s));
    [men, women]
}

fn pairs(s: &'static str) -> Vec<(&'static str, &'static str)> {
    list(s)
        .into_iter()
        .map(|p| p.split_once('=').unwrap_or((p, p)))
        .collect()
}

struct LatinTable {
    /// Indexed by sex: 0 men, 1 women.
    given: [Vec<&'static str>; 2],
    family: Vec<&'static str>,
    countries: Vec<&'static str>,
    second_family: usize,
    middle: usize,
}

struct ScriptTable {
    /// Indexed by sex: 0 men, 1 women.
    given: [Vec<(&'static str, &'static str)>; 2],
    family: Vec<(&'static str, &'static str)>,
    countries: Vec<&'static str>,
    native_order: NativeOrder,
    latin_family_first: bool,
    native_percent: usize,
    feminine: bool,
}

enum Group {
    Chinese,
    Latin(usize),
    Script(usize),
}

struct Tables {
    seed: u64,
    latin: Vec<LatinTable>,
    scripts: Vec<ScriptTable>,
    zh_surnames: Vec<(&'static str, &'static str)>,
    zh_given: Vec<(&'static str, &'static str)>,
    zh_countries: Vec<&'static str>,
    /// Non-Chinese groups, repeated by weight.
    others: Vec<Group>,
    birth_base: chrono::NaiveDate,
    birth_days: usize,
    expiry_base: chrono::NaiveDate,
}

impl Tables {
    fn new(seed: u64) -> Result<Tables, BoxError> {
        let mut others = Vec::new();
        for (i, l) in LATIN.iter().enumerate() {
            others.extend((0..l.weight).map(|_| Group::Latin(i)));
        }
        for (i, s) in SCRIPTS.iter().enumerate() {
            others.extend((0..s.weight).map(|_| Group::Script(i)));
        }
        let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).ok_or("invalid date");
        let birth_base = date(1950, 1, 1)?;
        let birth_days = (date(2005, 12, 31)? - birth_base).num_days() as usize + 1;
        Ok(Tables {
            seed,
            latin: LATIN
                .iter()
                .map(|l| LatinTable {
                    given: sexes(l.given).map(list),
                    family: list(l.family),
                    countries: list(l.countries),
                    second_family: l.second_family,
                    middle: l.middle,
                })
                .collect(),
            scripts: SCRIPTS
                .iter()
                .map(|s| ScriptTable {
                    given: sexes(s.given).map(pairs),
                    family: pairs(s.family),
                    countries: list(s.countries),
                    native_order: s.native_order,
                    latin_family_first: s.latin_family_first,
                    native_percent: s.native_percent,
                    feminine: s.feminine,
                })
                .collect(),
            zh_surnames: pairs(ZH_SURNAMES),
            zh_given: pairs(ZH_GIVEN),
            zh_countries: list(ZH_COUNTRIES),
            others,
            birth_base,
            birth_days,
            expiry_base: date(2026, 1, 1)?,
        })
    }

    fn countries(&self) -> BTreeSet<&'static str> {
        let mut all: BTreeSet<&'static str> = self.zh_countries.iter().copied().collect();
        all.extend(self.latin.iter().flat_map(|l| l.countries.iter().copied()));
        all.extend(
            self.scripts
                .iter()
                .flat_map(|s| s.countries.iter().copied()),
        );
        all
    }

    /// Every word a Latin name can contain, as search keys: to know which family names occur
    /// only as whole words (no other word contains them), where substring and word-prefix
    /// search must count the same people.
    fn latin_words(&self) -> BTreeSet<String> {
        let mut words = BTreeSet::new();
        let mut add = |name: &str| {
            for w in search_key(name).split(' ') {
                words.insert(w.to_owned());
            }
        };
        for l in &self.latin {
            for n in l.given.iter().flatten().chain(&l.family) {
                add(n);
                add(&feminine_polish(n));
            }
        }
        for s in &self.scripts {
            for (_, n) in s.given.iter().flatten().chain(&s.family) {
                add(n);
                add(&feminine_latin(n));
            }
        }
        for (_, n) in &self.zh_surnames {
            add(n);
        }
        for (_, a) in &self.zh_given {
            add(a);
            for (_, b) in &self.zh_given {
                add(&format!("{a}{b}"));
            }
        }
        words
    }
}

/// Feminine forms of Polish family names: Kowalski → Kowalska.
fn feminine_polish(family: &str) -> String {
    match family.strip_suffix("ski") {
        Some(stem) => format!("{stem}ska"),
        None => family.to_owned(),
    }
}

/// Feminine forms of Russian family names in Latin letters: Petrov → Petrova.
fn feminine_latin(family: &str) -> String {
    if family.ends_with("ov") || family.ends_with("ev") || family.ends_with("in") {
        format!("{family}a")
    } else {
        family.to_owned()
    }
}

fn feminine_cyrillic(family: &str) -> String {
    if family.ends_with("ов")
        || family.ends_with("ев")
        || family.ends_with("ёв")
        || family.ends_with("ин")
    {
        format!("{family}а")
    } else {
        family.to_owned()
    }
}

/// One synthetic person: a pure function of the seed and the person's number, which is also
/// its id, so that queries can be derived from people without reading them back.
struct Synth {
    id: i64,
    native: Option<String>,
    latin: Option<String>,
    /// The longest word of the Latin family name, as a search key.
    family_word: String,
    chinese: bool,
    sex: &'static str,
    birth_date: String,
    nationality: &'static str,
    passport: String,
    expiry: String,
}

fn passport_number(n: u64) -> String {
    // A bijection of 0..10^8 (the multiplier is prime to 10), so numbers never repeat.
    format!(
        "E{:08}",
        (n.wrapping_mul(73_256_927).wrapping_add(12_345_679)) % 100_000_000
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn generate(t: &Tables, n: u64) -> Synth {
    let mut r = Rng::new(t.seed ^ n.wrapping_mul(0xD1B5_4A32_D192_ED03));
    let sex = match r.below(200) {
        0 => "unknown",
        x if x % 2 == 0 => "female",
        _ => "male",
    };
    let female = sex == "female";
    // Given names for people of unknown sex come from either list.
    let list_of = usize::from(female || (sex == "unknown" && r.chance(50)));
    let birth = t.birth_base + chrono::Duration::days(r.below(t.birth_days) as i64);
    let expiry = t.expiry_base + chrono::Duration::days(r.below(3650) as i64);
    let nationality;
    let (native, latin, family_word, chinese);
    if r.chance(ZH_PERCENT) {
        let (s_native, s_latin) = r
            .pick_skewed(&t.zh_surnames, 2.0)
            .copied()
            .unwrap_or(("王", "Wang"));
        let mut given_native = String::new();
        let mut given_latin = String::new();
        let chars = if r.chance(70) { 2 } else { 1 };
        for _ in 0..chars {
            let (c, p) = r
                .pick_skewed(&t.zh_given, 1.5)
                .copied()
                .unwrap_or(("伟", "wei"));
            given_native.push_str(c);
            given_latin.push_str(p);
        }
        nationality = r.pick(&t.zh_countries).copied().unwrap_or("CN");
        native = Some(format!("{s_native}{given_native}"));
        latin = Some(format!("{s_latin} {}", capitalise(&given_latin)));
        family_word = search_key(s_latin);
        chinese = true;
    } else {
        chinese = false;
        match r.pick(&t.others).unwrap_or(&Group::Chinese) {
            Group::Latin(i) => {
                let l = match t.latin.get(*i) {
                    Some(l) => l,
                    None => return generate_fallback(n),
                };
                let given_names = l.given.get(list_of).map(Vec::as_slice).unwrap_or_default();
                let given = r.pick_skewed(given_names, 1.5).copied().unwrap_or("Anna");
                let mut family = r
                    .pick_skewed(&l.family, 1.5)
                    .copied()
                    .unwrap_or("Smith")
                    .to_owned();
                if female {
                    family = feminine_polish(&family);
                }
                let mut name = given.to_owned();
                if r.chance(l.middle) {
                    name.push(' ');
                    name.push_str(r.pick(given_names).copied().unwrap_or("Maria"));
                }
                name.push(' ');
                name.push_str(&family);
                if r.chance(l.second_family) {
                    name.push(' ');
                    name.push_str(r.pick_skewed(&l.family, 1.5).copied().unwrap_or("Silva"));
                }
                nationality = r.pick(&l.countries).copied().unwrap_or("US");
                native = None;
                latin = Some(name);
                family_word = longest_word(&family);
            }
            Group::Script(i) => {
                let s = match t.scripts.get(*i) {
                    Some(s) => s,
                    None => return generate_fallback(n),
                };
                let given_names = s.given.get(list_of).map(Vec::as_slice).unwrap_or_default();
                let (gn, gl) = r
                    .pick_skewed(given_names, 1.5)
                    .copied()
                    .unwrap_or(("Иван", "Ivan"));
                let (mut fnat, mut flat) = r
                    .pick_skewed(&s.family, 1.5)
                    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                    .unwrap_or_default();
                if female && s.feminine {
                    fnat = feminine_cyrillic(&fnat);
                    flat = feminine_latin(&flat);
                }
                let with_native = r.chance(s.native_percent);
                native = with_native.then(|| match s.native_order {
                    NativeOrder::GivenFamily => format!("{gn} {fnat}"),
                    NativeOrder::FamilyGiven => format!("{fnat} {gn}"),
                    NativeOrder::FamilyGivenJoined => format!("{fnat}{gn}"),
                });
                latin = Some(if s.latin_family_first {
                    format!("{flat} {gl}")
                } else {
                    format!("{gl} {flat}")
                });
                nationality = r.pick(&s.countries).copied().unwrap_or("RU");
                family_word = longest_word(&flat);
            }
            Group::Chinese => return generate_fallback(n),
        }
    }
    Synth {
        id: n as i64,
        native,
        latin,
        family_word,
        chinese,
        sex,
        birth_date: birth.to_string(),
        nationality,
        passport: passport_number(n),
        expiry: expiry.to_string(),
    }
}

/// Never reached with the tables above; keeps `generate` free of panics.
fn generate_fallback(n: u64) -> Synth {
    Synth {
        id: n as i64,
        native: None,
        latin: Some("John Smith".into()),
        family_word: "smith".into(),
        chinese: false,
        sex: "male",
        birth_date: "1980-01-01".into(),
        nationality: "US",
        passport: passport_number(n),
        expiry: "2030-01-01".into(),
    }
}

fn longest_word(name: &str) -> String {
    let key = search_key(name);
    key.split(' ')
        .fold("", |best, w| {
            if w.chars().count() > best.chars().count() {
                w
            } else {
                best
            }
        })
        .to_owned()
}

impl Synth {
    fn terms(&self) -> Vec<String> {
        let names: Vec<&str> = [self.native.as_deref(), self.latin.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        search_terms(&names)
    }
}

// ---------------------------------------------------------------------------------------------
// Seeding: multi-row INSERTs in large transactions, the same rows `create_person` writes.

async fn insert_people(tx: &mut hrx_store::Tx, people: &[Synth], at: &str) -> Result<(), BoxError> {
    let mut sql = String::from(
        "INSERT INTO person (id, name_native, name_latin, sex, birth_date, nationality, \
         version, created_at, updated_at) VALUES ",
    );
    for i in 0..people.len() {
        let b = 2 + i * 6;
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!(
            "(${b}, ${}, ${}, ${}, ${}, ${}, 1, $1, $1)",
            b + 1,
            b + 2,
            b + 3,
            b + 4,
            b + 5
        ));
    }
    let mut q = sqlx::query(&sql).bind(at);
    for p in people {
        q = q
            .bind(p.id)
            .bind(p.native.as_deref())
            .bind(p.latin.as_deref())
            .bind(p.sex)
            .bind(p.birth_date.as_str())
            .bind(p.nationality);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

async fn insert_documents(tx: &mut hrx_store::Tx, people: &[Synth]) -> Result<(), BoxError> {
    let mut sql = String::from(
        "INSERT INTO identity_document (person_id, kind, issuing_country, number, expiry_date) VALUES ",
    );
    for i in 0..people.len() {
        let b = 1 + i * 4;
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!(
            "(${b}, 'passport', ${}, ${}, ${})",
            b + 1,
            b + 2,
            b + 3
        ));
    }
    let mut q = sqlx::query(&sql);
    for p in people {
        q = q
            .bind(p.id)
            .bind(p.nationality)
            .bind(p.passport.as_str())
            .bind(p.expiry.as_str());
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

async fn insert_terms(tx: &mut hrx_store::Tx, terms: &[(String, i64)]) -> Result<(), BoxError> {
    let mut sql = String::from("INSERT INTO person_search_term (term, person_id) VALUES ");
    for i in 0..terms.len() {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!("(${}, ${})", 1 + i * 2, 2 + i * 2));
    }
    let mut q = sqlx::query(&sql);
    for (term, id) in terms {
        q = q.bind(term.as_str()).bind(*id);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

struct Seeded {
    people: u64,
    terms: u64,
    elapsed: Duration,
}

async fn seed(store: &Store, t: &Tables, from: u64, to: u64) -> Result<Seeded, BoxError> {
    let started = Instant::now();
    let at = hrx_store::now();
    let mut terms_written = 0u64;
    let mut next = from;
    let mut reported = from;
    while next <= to {
        let end = (next + TX_PEOPLE - 1).min(to);
        let people: Vec<Synth> = (next..=end).map(|n| generate(t, n)).collect();
        let terms: Vec<(String, i64)> = people
            .iter()
            .flat_map(|p| p.terms().into_iter().map(move |term| (term, p.id)))
            .collect();
        let mut tx = store.begin_write().await?;
        for chunk in people.chunks(ROWS_PER_INSERT) {
            insert_people(&mut tx, chunk, &at).await?;
        }
        for chunk in people.chunks(ROWS_PER_INSERT) {
            insert_documents(&mut tx, chunk).await?;
        }
        for chunk in terms.chunks(ROWS_PER_INSERT * 2) {
            insert_terms(&mut tx, chunk).await?;
        }
        tx.commit().await?;
        terms_written += terms.len() as u64;
        if end - reported >= 100_000 || end == to {
            let secs = started.elapsed().as_secs_f64();
            println!(
                "  seeded {:>9} people in {secs:7.1} s ({:.0} people/s)",
                end - from + 1,
                (end - from + 1) as f64 / secs.max(1e-9)
            );
            reported = end;
        }
        next = end + 1;
    }
    if store.backend() == Backend::Postgres {
        // Ids were given explicitly: move the identity on so the application's inserts follow.
        store
            .pool()
            .execute(
                "SELECT setval(pg_get_serial_sequence('person', 'id'), (SELECT MAX(id) FROM person))",
            )
            .await?;
    }
    Ok(Seeded {
        people: to + 1 - from,
        terms: terms_written,
        elapsed: started.elapsed(),
    })
}

/// Whether person `n` in the database is the one this seed generates.
async fn matches_generated(store: &Store, t: &Tables, n: u64) -> Result<bool, BoxError> {
    let expected = generate(t, n);
    Ok(match store.person(n as i64, Scope::All).await? {
        Some(p) => {
            p.name_latin == expected.latin
                && p.name_native == expected.native
                && p.passport().map(|d| d.number.as_str()) == Some(expected.passport.as_str())
        }
        None => false,
    })
}

async fn count(store: &Store, sql: &str) -> Result<i64, BoxError> {
    let row = sqlx::query(sql).fetch_one(store.pool()).await?;
    Ok(row.try_get::<i64, _>(0)?)
}

// ---------------------------------------------------------------------------------------------
// Queries

/// The naive search of a system without the term index: substring scans.
enum Reference {
    Names {
        pattern: String,
        nationality: Option<String>,
    },
    Document {
        pattern: String,
    },
}

struct Case {
    label: String,
    query: PersonQuery,
    reference: Reference,
    /// The one person a passport query must find.
    expect_id: Option<i64>,
    /// Word-prefix and substring semantics agree for this query: the totals must be equal.
    compare_total: bool,
    hrx: Vec<Duration>,
    reference_times: Vec<Duration>,
    total: i64,
    reference_total: i64,
}

struct Kind {
    name: &'static str,
    cases: Vec<Case>,
}

fn case(label: String, query: PersonQuery, reference: Reference) -> Case {
    Case {
        label,
        query,
        reference,
        expect_id: None,
        compare_total: false,
        hrx: Vec::new(),
        reference_times: Vec::new(),
        total: 0,
        reference_total: 0,
    }
}

fn text_query(text: &str, nationality: Option<&str>) -> PersonQuery {
    PersonQuery {
        text: Some(text.to_owned()),
        nationality: nationality.map(str::to_owned),
        page: 1,
        per_page: PER_PAGE,
        ..PersonQuery::default()
    }
}

fn names(pattern_of: &str, nationality: Option<&str>) -> Reference {
    Reference::Names {
        pattern: format!("%{}%", search_key(pattern_of)),
        nationality: nationality.map(str::to_owned),
    }
}

/// Draws people until `want` distinct queries were made from them (or the draws run out).
fn draw<F>(r: &mut Rng, t: &Tables, people: u64, want: usize, mut make: F) -> Vec<Case>
where
    F: FnMut(&Synth, &mut Rng) -> Option<Case>,
{
    let mut cases: Vec<Case> = Vec::new();
    let mut seen = BTreeSet::new();
    for _ in 0..want * 20_000 {
        if cases.len() >= want {
            break;
        }
        let n = 1 + r.below(people as usize) as u64;
        let p = generate(t, n);
        if let Some(c) = make(&p, r) {
            if seen.insert(search_key(&c.label)) {
                cases.push(c);
            }
        }
    }
    cases
}

fn build_cases(t: &Tables, people: u64, want: usize) -> Vec<Kind> {
    let mut r = Rng::new(t.seed ^ 0x5EED_5EED_5EED_5EED);
    let family_prefix = draw(&mut r, t, people, want, |p, r| {
        let chars: Vec<char> = p.family_word.chars().collect();
        let keep = chars.len().saturating_sub(2).max(3).min(chars.len());
        let prefix: String = chars.get(..keep).unwrap_or(&chars).iter().collect();
        // Typed as people type: sometimes capitalised.
        let typed = if r.chance(50) {
            capitalise(&prefix)
        } else {
            prefix.clone()
        };
        Some(case(
            typed.clone(),
            text_query(&typed, None),
            names(&prefix, None),
        ))
    });
    let full_name = draw(&mut r, t, people, want, |p, _| {
        let key = search_key(p.latin.as_deref()?);
        let words: Vec<&str> = key.split(' ').collect();
        let typed = format!("{} {}", words.first()?, words.last()?);
        Some(case(
            typed.clone(),
            text_query(&typed, None),
            names(&typed, None),
        ))
    });
    // Characters that could make a Chinese query a substring of a name at other than its start.
    let mut inner_chars: BTreeSet<char> = t.zh_given.iter().flat_map(|(c, _)| c.chars()).collect();
    for s in &t.scripts {
        for (n, _) in s.given.iter().flatten().chain(&s.family) {
            inner_chars.extend(n.chars());
        }
    }
    // The same two-word queries with the longer (usually rarer) word first: shows whether the
    // order of the words, and so of the IN conditions, changes the plan.
    let longer_first: Vec<Case> = full_name
        .iter()
        .map(|c| {
            let mut words: Vec<&str> = c.label.split(' ').collect();
            words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
            let typed = words.join(" ");
            case(typed.clone(), text_query(&typed, None), names(&typed, None))
        })
        .collect();
    let zh_full = draw(&mut r, t, people, want, |p, _| {
        let native = p.native.clone().filter(|_| p.chinese)?;
        let mut c = case(
            native.clone(),
            text_query(&native, None),
            names(&native, None),
        );
        // A three-character name is the whole name: substring and prefix find the same people.
        c.compare_total = native.chars().count() == 3
            && native
                .chars()
                .next()
                .is_some_and(|c| !inner_chars.contains(&c));
        Some(c)
    });
    let zh_prefix = draw(&mut r, t, people, want, |p, _| {
        let native = p.native.clone().filter(|_| p.chinese)?;
        let prefix: String = native.chars().take(2).collect();
        let mut c = case(
            prefix.clone(),
            text_query(&prefix, None),
            names(&prefix, None),
        );
        c.compare_total = prefix
            .chars()
            .next()
            .is_some_and(|c| !inner_chars.contains(&c));
        Some(c)
    });
    let passport = draw(&mut r, t, people, want, |p, r| {
        let typed = if r.chance(50) {
            p.passport.to_ascii_lowercase()
        } else {
            p.passport.clone()
        };
        let mut c = case(
            typed.clone(),
            PersonQuery {
                document: Some(typed),
                page: 1,
                per_page: PER_PAGE,
                ..PersonQuery::default()
            },
            Reference::Document {
                pattern: format!("%{}%", p.passport),
            },
        );
        c.expect_id = Some(p.id);
        Some(c)
    });
    let with_nationality = draw(&mut r, t, people, want, |p, _| {
        let word = p.family_word.clone();
        Some(case(
            format!("{word} + {}", p.nationality),
            text_query(&word, Some(p.nationality)),
            names(&word, Some(p.nationality)),
        ))
    });
    // Family names no other word contains, in ASCII (SQLite's lower() folds only ASCII).
    let words = t.latin_words();
    let whole_word = draw(&mut r, t, people, want.div_ceil(2), |p, _| {
        let w = &p.family_word;
        let only_whole = w.chars().count() >= 4
            && w.chars().all(|c| c.is_ascii_lowercase())
            && !words.iter().any(|o| o != w && o.contains(w.as_str()));
        if !only_whole {
            return None;
        }
        let mut c = case(w.clone(), text_query(w, None), names(w, None));
        c.compare_total = true;
        Some(c)
    });
    vec![
        Kind {
            name: "(a) Latin family-name prefix",
            cases: family_prefix,
        },
        Kind {
            name: "(b) given + family, 2 words",
            cases: full_name,
        },
        Kind {
            name: "(c) Chinese full name",
            cases: zh_full,
        },
        Kind {
            name: "(c) Chinese surname+1 prefix",
            cases: zh_prefix,
        },
        Kind {
            name: "(d) passport number, exact",
            cases: passport,
        },
        Kind {
            name: "(e) family name + nationality",
            cases: with_nationality,
        },
        Kind {
            name: "(check) whole family word",
            cases: whole_word,
        },
        Kind {
            name: "(diag) (b) longer word first",
            cases: longer_first,
        },
    ]
}

// ---------------------------------------------------------------------------------------------
// Measuring

/// What is wrong with a page HRX returned for a case, if anything.
fn check_page(c: &Case, page: &hrx_store::Page<PersonRecord>) -> Vec<String> {
    let mut wrong = Vec::new();
    let shown = page.items.len() as i64;
    if shown != page.total.min(PER_PAGE) {
        wrong.push(format!("{} items for a total of {}", shown, page.total));
    }
    if page
        .items
        .windows(2)
        .any(|w| w.first().map(|a| a.id) <= w.get(1).map(|b| b.id))
    {
        wrong.push("items are not in descending id order".into());
    }
    let words: Vec<String> = c
        .query
        .text
        .as_deref()
        .map(|t| search_key(t).split(' ').map(str::to_owned).collect())
        .unwrap_or_default();
    for item in &page.items {
        let names: Vec<&str> = [item.name_native.as_deref(), item.name_latin.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let terms = search_terms(&names);
        if let Some(w) = words
            .iter()
            .find(|w| !terms.iter().any(|t| t.starts_with(w.as_str())))
        {
            wrong.push(format!(
                "person {} ({:?}) does not match {w:?}",
                item.id, names
            ));
        }
        if let Some(nat) = &c.query.nationality {
            if &item.nationality != nat {
                wrong.push(format!(
                    "person {} has nationality {}",
                    item.id, item.nationality
                ));
            }
        }
        if let Some(doc) = &c.query.document {
            let doc = doc.to_ascii_uppercase();
            if !item.documents.iter().any(|d| d.number == doc) {
                wrong.push(format!("person {} holds no document {doc}", item.id));
            }
        }
    }
    if let Some(id) = c.expect_id {
        if page.total != 1 || page.items.first().map(|p| p.id) != Some(id) {
            wrong.push(format!(
                "expected exactly person {id}, got total {} and ids {:?}",
                page.total,
                page.items.iter().map(|p| p.id).collect::<Vec<_>>()
            ));
        }
    }
    wrong
}

async fn run_reference(store: &Store, reference: &Reference) -> Result<i64, BoxError> {
    match reference {
        Reference::Names {
            pattern,
            nationality,
        } => {
            let mut condition = String::from("(lower(name_latin) LIKE $1 OR name_native LIKE $1)");
            if nationality.is_some() {
                condition.push_str(" AND nationality = $2");
            }
            let list = format!(
                "SELECT id, name_native, name_latin, sex, birth_date, nationality, created_at \
                 FROM person WHERE {condition} ORDER BY id DESC LIMIT {PER_PAGE}"
            );
            let count = format!("SELECT COUNT(*) FROM person WHERE {condition}");
            let mut q = sqlx::query(&list).bind(pattern.as_str());
            if let Some(n) = nationality {
                q = q.bind(n.as_str());
            }
            let rows = q.fetch_all(store.pool()).await?;
            let mut q = sqlx::query(&count).bind(pattern.as_str());
            if let Some(n) = nationality {
                q = q.bind(n.as_str());
            }
            let total: i64 = q.fetch_one(store.pool()).await?.try_get(0)?;
            if (rows.len() as i64) != total.min(PER_PAGE) {
                return Err(
                    format!("reference query returned {} rows of {total}", rows.len()).into(),
                );
            }
            Ok(total)
        }
        Reference::Document { pattern } => {
            let rows =
                sqlx::query("SELECT person_id FROM identity_document WHERE upper(number) LIKE $1")
                    .bind(pattern.as_str())
                    .fetch_all(store.pool())
                    .await?;
            Ok(rows.len() as i64)
        }
    }
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(times: &[Duration]) -> f64 {
    let mut v: Vec<f64> = times.iter().copied().map(millis).collect();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v.get(n / 2).copied().unwrap_or(f64::NAN),
        n => {
            (v.get(n / 2 - 1).copied().unwrap_or(f64::NAN)
                + v.get(n / 2).copied().unwrap_or(f64::NAN))
                / 2.0
        }
    }
}

/// Nearest-rank 95th percentile.
fn p95(times: &[Duration]) -> f64 {
    let mut v: Vec<f64> = times.iter().copied().map(millis).collect();
    v.sort_by(f64::total_cmp);
    let rank = ((v.len() as f64) * 0.95).ceil() as usize;
    v.get(rank.saturating_sub(1)).copied().unwrap_or(f64::NAN)
}

fn fmt_ms(ms: f64) -> String {
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.2}")
    }
}

/// A ratio with three significant digits, however small.
fn fmt_ratio(r: f64) -> String {
    if !r.is_finite() || r <= 0.0 {
        return format!("{r}");
    }
    let decimals = (2 - r.log10().floor() as i64).clamp(3, 9) as usize;
    format!("{r:.decimals$}")
}

async fn measure(store: &Store, kinds: &mut [Kind], args: &Args) -> Result<Vec<String>, BoxError> {
    let mut failures = Vec::new();
    for kind in kinds.iter_mut() {
        let started = Instant::now();
        // Warm-up and correctness: every query once, untimed.
        for c in kind.cases.iter_mut() {
            let page = store.search_persons(&c.query, Scope::All).await?;
            c.total = page.total;
            for w in check_page(c, &page) {
                failures.push(format!("{} {:?}: {w}", kind.name, c.label));
            }
        }
        for _ in 0..args.rounds {
            for c in kind.cases.iter_mut() {
                let t = Instant::now();
                let page = store.search_persons(&c.query, Scope::All).await?;
                c.hrx.push(t.elapsed());
                if page.total != c.total {
                    failures.push(format!(
                        "{} {:?}: total changed between runs",
                        kind.name, c.label
                    ));
                }
            }
        }
        let hrx_done = started.elapsed();
        if let Some(first) = kind.cases.first() {
            run_reference(store, &first.reference).await?;
        }
        for _ in 0..args.ref_rounds {
            for c in kind.cases.iter_mut() {
                let t = Instant::now();
                c.reference_total = run_reference(store, &c.reference).await?;
                c.reference_times.push(t.elapsed());
            }
        }
        for c in &kind.cases {
            if c.compare_total && c.total != c.reference_total {
                failures.push(format!(
                    "{} {:?}: HRX total {} but the reference counts {}",
                    kind.name, c.label, c.total, c.reference_total
                ));
            }
            if args.verbose {
                println!(
                    "    {:<28} total {:>7}  ref total {:>7}  HRX {:>8} ms  ref {:>8} ms{}",
                    format!("{:?}", c.label),
                    c.total,
                    c.reference_total,
                    fmt_ms(median(&c.hrx)),
                    fmt_ms(median(&c.reference_times)),
                    if c.compare_total {
                        "  (totals compared)"
                    } else {
                        ""
                    }
                );
            }
        }
        let all: Vec<Duration> = kind
            .cases
            .iter()
            .flat_map(|c| c.hrx.iter().copied())
            .collect();
        let all_ref: Vec<Duration> = kind
            .cases
            .iter()
            .flat_map(|c| c.reference_times.iter().copied())
            .collect();
        let mut slowest: Vec<&Case> = kind.cases.iter().collect();
        slowest.sort_by(|a, b| median(&b.hrx).total_cmp(&median(&a.hrx)));
        println!(
            "  {:<31} {:>2} queries  HRX median {:>6} ms p95 {:>6} ms | reference median {:>6} ms p95 {:>6} ms  ({:.1} s + {:.1} s)",
            kind.name,
            kind.cases.len(),
            fmt_ms(median(&all)),
            fmt_ms(p95(&all)),
            fmt_ms(median(&all_ref)),
            fmt_ms(p95(&all_ref)),
            hrx_done.as_secs_f64(),
            (started.elapsed() - hrx_done).as_secs_f64(),
        );
        let slow: Vec<String> = slowest
            .iter()
            .take(3)
            .map(|c| {
                format!(
                    "{:?} {} ms, {} matches",
                    c.label,
                    fmt_ms(median(&c.hrx)),
                    c.total
                )
            })
            .collect();
        println!("      slowest HRX: {}", slow.join("; "));
    }
    Ok(failures)
}

/// Where a full page's time goes: the documents of 25 people fetched one query per person, as
/// `search_persons` does, against one query for all of them. Medians in milliseconds.
async fn diagnose_documents(
    store: &Store,
    t: &Tables,
    people: u64,
) -> Result<(f64, f64), BoxError> {
    let mut r = Rng::new(t.seed ^ 0xD0C5);
    let ids: Vec<i64> = (0..PER_PAGE)
        .map(|_| 1 + r.below(people as usize) as i64)
        .collect();
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let batched_sql = format!(
        "SELECT person_id, kind, issuing_country, number, expiry_date FROM identity_document \
         WHERE person_id IN ({}) ORDER BY person_id, kind, id",
        placeholders.join(", ")
    );
    let mut one_by_one = Vec::new();
    let mut batched = Vec::new();
    let mut conn = store.pool().acquire().await?;
    for _ in 0..21 {
        let started = Instant::now();
        for id in &ids {
            sqlx::query(
                "SELECT kind, issuing_country, number, expiry_date FROM identity_document \
                 WHERE person_id = $1 ORDER BY kind, id",
            )
            .bind(*id)
            .fetch_all(&mut *conn)
            .await?;
        }
        one_by_one.push(started.elapsed());
        let started = Instant::now();
        let mut q = sqlx::query(&batched_sql);
        for id in &ids {
            q = q.bind(*id);
        }
        let rows = q.fetch_all(&mut *conn).await?;
        batched.push(started.elapsed());
        if rows.len() != ids.len() {
            return Err(format!("{} documents for {} people", rows.len(), ids.len()).into());
        }
    }
    Ok((median(&one_by_one), median(&batched)))
}

// ---------------------------------------------------------------------------------------------

async fn run() -> Result<bool, BoxError> {
    let args = parse_args()?;
    let t = Tables::new(args.seed)?;
    let store = Store::connect(&args.url).await?;
    let backend = match store.backend() {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    };
    println!(
        "search_bench: {backend} at {}, {} people, seed {}",
        hrx_store::redact_url(&args.url),
        args.people,
        args.seed
    );
    store.migrate().await?;

    let known: BTreeSet<String> = sqlx::query("SELECT alpha2 FROM country")
        .fetch_all(store.pool())
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?;
    let missing: Vec<&str> = t
        .countries()
        .into_iter()
        .filter(|c| !known.contains(*c))
        .collect();
    if !missing.is_empty() {
        return Err(format!("nationalities missing from the country table: {missing:?}").into());
    }

    let existing = count(&store, "SELECT COUNT(*) FROM person").await? as u64;
    let max_id = count(&store, "SELECT COALESCE(MAX(id), 0) FROM person").await? as u64;
    let foreign = "the database holds people this benchmark did not generate with this seed; \
                   point --url at a fresh database";
    if existing >= args.people {
        if !matches_generated(&store, &t, 1).await?
            || !matches_generated(&store, &t, args.people).await?
        {
            return Err(foreign.into());
        }
        println!("seeding skipped: the database holds {existing} people already");
    } else {
        if existing > 0
            && (max_id != existing
                || !matches_generated(&store, &t, 1).await?
                || !matches_generated(&store, &t, existing).await?)
        {
            return Err(foreign.into());
        }
        println!(
            "seeding people {}..={} in transactions of {TX_PEOPLE}, INSERTs of {ROWS_PER_INSERT} rows",
            existing + 1,
            args.people
        );
        let s = seed(&store, &t, existing + 1, args.people).await?;
        let secs = s.elapsed.as_secs_f64().max(1e-9);
        let rows = s.people * 2 + s.terms;
        println!(
            "seeded {} people, {} passports, {} search terms in {:.1} s: {:.0} people/s, {:.0} rows/s",
            s.people,
            s.people,
            s.terms,
            secs,
            s.people as f64 / secs,
            rows as f64 / secs
        );
    }

    let t0 = Instant::now();
    if store.backend() == Backend::Postgres {
        // Sets the visibility map as autovacuum would after the bulk load, so that the
        // measurement does not depend on whether autovacuum has run yet.
        store.pool().execute("VACUUM").await?;
    }
    store.pool().execute("ANALYZE").await?;
    println!(
        "{} in {:.1} s",
        if store.backend() == Backend::Postgres {
            "VACUUM, ANALYZE"
        } else {
            "ANALYZE"
        },
        t0.elapsed().as_secs_f64()
    );
    let size = match store.backend() {
        Backend::Sqlite => {
            count(
                &store,
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            )
            .await?
        }
        Backend::Postgres => count(&store, "SELECT pg_database_size(current_database())").await?,
    };
    println!(
        "database: {} people, {} documents, {} search terms, {:.0} MiB",
        count(&store, "SELECT COUNT(*) FROM person").await?,
        count(&store, "SELECT COUNT(*) FROM identity_document").await?,
        count(&store, "SELECT COUNT(*) FROM person_search_term").await?,
        size as f64 / (1024.0 * 1024.0)
    );

    let mut kinds = build_cases(&t, args.people, args.queries);
    println!(
        "\nmeasuring: HRX = Store::search_persons, page 1 of {PER_PAGE} with the COUNT of matches and \
         each person's documents ({} timed runs per query after one untimed); reference = \
         substring scan: LIKE '%…%' page + COUNT(*), or the document numbers ({} timed run(s) per query)",
        args.rounds, args.ref_rounds
    );
    let failures = measure(&store, &mut kinds, &args).await?;

    println!("\nsummary ({backend}, {} people; milliseconds; ratio = HRX median / reference median, lower is better)", args.people);
    println!(
        "  {:<31} {:>3} {:>10} {:>9} {:>11} {:>9}",
        "kind", "n", "HRX median", "HRX p95", "ref median", "ref p95"
    );
    for kind in &kinds {
        let all: Vec<Duration> = kind
            .cases
            .iter()
            .flat_map(|c| c.hrx.iter().copied())
            .collect();
        let all_ref: Vec<Duration> = kind
            .cases
            .iter()
            .flat_map(|c| c.reference_times.iter().copied())
            .collect();
        println!(
            "  {:<31} {:>3} {:>10} {:>9} {:>11} {:>9}   ratio {}",
            kind.name,
            kind.cases.len(),
            fmt_ms(median(&all)),
            fmt_ms(p95(&all)),
            fmt_ms(median(&all_ref)),
            fmt_ms(p95(&all_ref)),
            fmt_ratio(median(&all) / median(&all_ref))
        );
    }
    let (one_by_one, batched) = diagnose_documents(&store, &t, args.people).await?;
    println!(
        "  diagnosis: documents of a {PER_PAGE}-person page: {} ms as {PER_PAGE} queries (as search_persons \
         does), {} ms as one IN query",
        fmt_ms(one_by_one),
        fmt_ms(batched)
    );
    let compared: usize = kinds
        .iter()
        .flat_map(|k| &k.cases)
        .filter(|c| c.compare_total)
        .count();
    println!("  totals compared with the reference count: {compared} queries");
    if failures.is_empty() {
        println!("  all HRX results checked: OK");
        Ok(true)
    } else {
        println!("  WRONG RESULTS ({}):", failures.len());
        for f in &failures {
            println!("    {f}");
        }
        Ok(false)
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("search_bench: {e}");
            ExitCode::from(2)
        }
    }
}
