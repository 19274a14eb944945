//! Name tables, most frequent first. Latin-script languages list names as written; other
//! scripts list `native=Latin` pairs.

pub struct Latin {
    /// Men's names, `;`, women's names.
    pub given: &'static str,
    pub family: &'static str,
    pub countries: &'static str,
    /// Percent of people with a second family name (Spanish, Portuguese) or a middle name.
    pub second_family: usize,
    pub middle: usize,
    pub weight: usize,
}

pub const LATIN: &[Latin] = &[
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
pub struct Script {
    /// Men's names, `;`, women's names.
    pub given: &'static str,
    pub family: &'static str,
    pub countries: &'static str,
    /// How the native name is written.
    pub native_order: NativeOrder,
    /// Latin name family name first ("Kim Minjun") rather than given name first.
    pub latin_family_first: bool,
    /// Percent of people whose native name is on record.
    pub native_percent: usize,
    /// Family names take a feminine form for women (Петров → Петрова, Petrov → Petrova).
    pub feminine: bool,
    pub weight: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NativeOrder {
    GivenFamily,
    FamilyGiven,
    FamilyGivenJoined,
}

pub const SCRIPTS: &[Script] = &[
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
pub const ZH_SURNAMES: &str = "王=Wang,李=Li,张=Zhang,刘=Liu,陈=Chen,杨=Yang,黄=Huang,赵=Zhao,吴=Wu,周=Zhou,徐=Xu,孙=Sun,马=Ma,朱=Zhu,胡=Hu,郭=Guo,何=He,高=Gao,林=Lin,罗=Luo,郑=Zheng,梁=Liang,谢=Xie,宋=Song,唐=Tang,许=Xu,韩=Han,冯=Feng,邓=Deng,曹=Cao,彭=Peng,曾=Zeng,肖=Xiao,田=Tian,董=Dong,袁=Yuan,潘=Pan,于=Yu,蒋=Jiang,蔡=Cai,余=Yu,杜=Du,叶=Ye,程=Cheng,苏=Su,魏=Wei,吕=Lyu,丁=Ding,任=Ren,沈=Shen,姚=Yao,卢=Lu,姜=Jiang,崔=Cui,钟=Zhong,谭=Tan,陆=Lu,汪=Wang,范=Fan,金=Jin,石=Shi,廖=Liao,贾=Jia,夏=Xia,韦=Wei,付=Fu,方=Fang,白=Bai,邹=Zou,孟=Meng,熊=Xiong,秦=Qin,邱=Qiu,江=Jiang,尹=Yin,薛=Xue,闫=Yan,段=Duan,雷=Lei,侯=Hou,龙=Long,史=Shi,陶=Tao,黎=Li,贺=He,顾=Gu,毛=Mao,郝=Hao,龚=Gong,邵=Shao,万=Wan,钱=Qian,严=Yan,覃=Qin,武=Wu,戴=Dai,莫=Mo,孔=Kong,向=Xiang,汤=Tang";
pub const ZH_GIVEN: &str = "伟=wei,芳=fang,娜=na,秀=xiu,英=ying,敏=min,静=jing,丽=li,强=qiang,磊=lei,军=jun,洋=yang,勇=yong,艳=yan,杰=jie,娟=juan,涛=tao,明=ming,超=chao,霞=xia,平=ping,刚=gang,桂=gui,华=hua,建=jian,国=guo,文=wen,红=hong,玉=yu,兰=lan,志=zhi,海=hai,波=bo,辉=hui,鹏=peng,飞=fei,宇=yu,浩=hao,俊=jun,婷=ting,雪=xue,梅=mei,琳=lin,晨=chen,欣=xin,怡=yi,佳=jia,嘉=jia,子=zi,涵=han,轩=xuan,睿=rui,博=bo,思=si,雨=yu,萱=xuan,梓=zi,诗=shi,晓=xiao,东=dong,春=chun,凤=feng,云=yun,成=cheng,亮=liang,斌=bin,宁=ning,德=de,永=yong,庆=qing,荣=rong,新=xin,生=sheng,光=guang,天=tian,立=li,峰=feng,家=jia,鑫=xin,瑞=rui,丹=dan,倩=qian,颖=ying,慧=hui,淑=shu,珍=zhen,琴=qin,燕=yan,玲=ling,萍=ping,晶=jing,璐=lu,悦=yue,然=ran,阳=yang,帆=fan,凯=kai,毅=yi,昊=hao,泽=ze,铭=ming,彤=tong,瑶=yao,薇=wei,蕾=lei,洁=jie,莉=li,婉=wan,清=qing,安=an,和=he,振=zhen,宏=hong,仁=ren";
pub const ZH_COUNTRIES: &str = "CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,CN,TW,HK,SG,MY";
/// Percent of people with a Chinese name; the rest is split by the weights above.
pub const ZH_PERCENT: usize = 40;
