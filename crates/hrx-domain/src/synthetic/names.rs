//! Latin-script family and given names of foreign nationals, by language group, so that a
//! synthetic Korean is called Kim, a synthetic German Mueller and a synthetic Russian woman
//! Ivanova. ASCII only (as the names are written in passports' machine-readable lines), no
//! commas; every country of the reference list has a group made for it.

use super::Rng;

/// Family names and given names of one language group.
pub(super) struct NameGroup {
    /// What the group is, for the tests' messages.
    #[cfg_attr(not(test), allow(dead_code))]
    pub label: &'static str,
    pub family: &'static [&'static str],
    /// The family names' feminine forms, in the same order, where the language has them
    /// (Russian Ivanova, Polish Kowalska, Greek Papadopoulou, Bhutanese Wangmo); empty
    /// where it does not.
    pub family_female: &'static [&'static str],
    pub male: &'static [&'static str],
    pub female: &'static [&'static str],
}

/// The generator's draws for a name, made where the file's name is drawn and turned into a
/// name once the person's sex is known: so a name fits its bearer and the draws that follow
/// are the same, whatever the tables hold.
#[derive(Debug, Clone, Copy)]
pub(super) struct NameDraw([u64; 3]);

impl NameDraw {
    /// Draws `n` numbers (at most 3): as many as the generator draws for a name.
    pub fn take(rng: &mut Rng, n: usize) -> NameDraw {
        let mut d = [0u64; 3];
        for x in d.iter_mut().take(n.min(3)) {
            *x = rng.next_u64();
        }
        NameDraw(d)
    }

    /// The `k`-th draw as an index in `0..n`, as [`Rng::below`] makes one.
    pub fn index(&self, k: usize, n: usize) -> usize {
        let raw = self.0.get(k).copied().unwrap_or(0);
        ((u128::from(raw) * n.max(1) as u128) >> 64) as usize
    }

    /// The `k`-th draw as a pick among running totals of weights (see `Cumulative`).
    pub fn weighted(&self, k: usize, totals: &[u64]) -> usize {
        let total = totals.last().copied().unwrap_or(0);
        let raw = self.0.get(k).copied().unwrap_or(0);
        let x = ((u128::from(raw) * u128::from(total)) >> 64) as u64;
        totals
            .partition_point(|&c| c <= x)
            .min(totals.len().saturating_sub(1))
    }
}

impl NameGroup {
    /// The family and given name of a draw, for a woman or a man.
    pub fn name(&self, draw: NameDraw, female: bool) -> (&'static str, &'static str) {
        let f = draw.index(0, self.family.len());
        let family = if female && !self.family_female.is_empty() {
            self.family_female[f]
        } else {
            self.family[f]
        };
        let given = if female { self.female } else { self.male };
        (family, given[draw.index(1, given.len())])
    }
}

macro_rules! group {
    ($id:ident, $label:literal, family: [$($f:literal),* $(,)?], $(feminine: [$($ff:literal),* $(,)?],)? male: [$($m:literal),* $(,)?], female: [$($w:literal),* $(,)?] $(,)?) => {
        const $id: NameGroup = NameGroup {
            label: $label,
            family: &[$($f),*],
            family_female: &[$($($ff),*)?],
            male: &[$($m),*],
            female: &[$($w),*],
        };
    };
}

group!(KOREAN, "Korean",
    family: ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Shin"],
    male: ["Minjun", "Jiwoo", "Hyunwoo", "Sungmin", "Donghyun", "Jaehyun", "Seungho", "Youngsoo"],
    female: ["Seoyeon", "Jiyoung", "Eunji", "Yuna", "Minji", "Soyeon", "Hyejin", "Jieun"]);
group!(JAPANESE, "Japanese",
    family: ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato"],
    male: ["Haruto", "Sota", "Kenji", "Takeshi", "Hiroshi", "Daisuke", "Yuto", "Kazuki"],
    female: ["Yui", "Aoi", "Yuki", "Naoko", "Emi", "Haruka", "Sakura", "Misaki"]);
group!(VIETNAMESE, "Vietnamese",
    family: ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo"],
    male: ["Van Minh", "Duc Anh", "Quang Huy", "Thanh Tung", "Van Hung", "Minh Tuan"],
    female: ["Thi Lan", "Thu Huong", "Thi Mai", "Ngoc Anh", "Thi Hoa", "Phuong Linh"]);
group!(ENGLISH, "English",
    family: ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Miller", "Clark", "Walker", "Wright", "Thompson", "Evans"],
    male: ["James", "Michael", "David", "Daniel", "Thomas", "Robert", "Andrew", "Matthew"],
    female: ["Emily", "Sarah", "Laura", "Jessica", "Anna", "Elizabeth", "Rachel", "Hannah"]);
group!(STRAITS, "Singaporean",
    family: ["Tan", "Lim", "Ng", "Ong", "Wong", "Goh", "Teo", "Lee"],
    male: ["Wei Jie", "Jun Wei", "Kok Meng", "Boon Huat", "Daniel", "Marcus"],
    female: ["Jia Hui", "Shu Ting", "Hui Min", "Li Ling", "Rachel", "Michelle"]);
group!(GERMAN, "German",
    family: ["Mueller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz"],
    male: ["Lukas", "Felix", "Jonas", "Maximilian", "Stefan", "Tobias", "Florian", "Andreas"],
    female: ["Anna", "Julia", "Lena", "Katrin", "Sabine", "Laura", "Sophie", "Claudia"]);
group!(FRENCH, "French",
    family: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau", "Laurent"],
    male: ["Louis", "Hugo", "Julien", "Antoine", "Nicolas", "Pierre", "Mathieu", "Olivier"],
    female: ["Camille", "Chloe", "Manon", "Lea", "Sophie", "Claire", "Juliette", "Isabelle"]);
group!(RUSSIAN, "Russian",
    family: ["Ivanov", "Smirnov", "Kuznetsov", "Popov", "Volkov", "Sokolov", "Orlov", "Morozov", "Lebedev", "Novikov"],
    feminine: ["Ivanova", "Smirnova", "Kuznetsova", "Popova", "Volkova", "Sokolova", "Orlova", "Morozova", "Lebedeva", "Novikova"],
    male: ["Dmitry", "Sergey", "Alexei", "Ivan", "Andrei", "Mikhail", "Nikolai", "Pavel"],
    female: ["Anna", "Olga", "Natalia", "Elena", "Tatiana", "Irina", "Svetlana", "Ekaterina"]);
group!(UKRAINIAN, "Ukrainian",
    family: ["Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boyko", "Oliynyk"],
    male: ["Oleksandr", "Andriy", "Mykola", "Dmytro", "Serhiy", "Taras", "Yuriy", "Volodymyr"],
    female: ["Olena", "Oksana", "Iryna", "Natalia", "Tetiana", "Kateryna", "Yulia", "Halyna"]);
group!(CENTRAL_ASIAN, "Central Asian",
    family: ["Nurlanov", "Abdullaev", "Karimov", "Sultanov", "Rakhimov", "Yusupov", "Ismailov", "Akhmetov", "Aliyev", "Mammadov"],
    feminine: ["Nurlanova", "Abdullaeva", "Karimova", "Sultanova", "Rakhimova", "Yusupova", "Ismailova", "Akhmetova", "Aliyeva", "Mammadova"],
    male: ["Nurlan", "Aibek", "Timur", "Rustam", "Bakhtiyar", "Azamat", "Farrukh", "Daniyar"],
    female: ["Aigerim", "Dilnoza", "Gulnara", "Madina", "Aliya", "Zarina", "Aizhan", "Nigora"]);
group!(ARMENIAN, "Armenian",
    family: ["Grigoryan", "Petrosyan", "Hakobyan", "Harutyunyan", "Sargsyan", "Khachatryan", "Hovhannisyan", "Karapetyan"],
    male: ["Armen", "Davit", "Tigran", "Aram", "Gevorg", "Hayk"],
    female: ["Anahit", "Lilit", "Mariam", "Ani", "Gayane", "Narine"]);
group!(GEORGIAN, "Georgian",
    family: ["Beridze", "Kapanadze", "Gelashvili", "Maisuradze", "Giorgadze", "Lomidze", "Tsiklauri", "Chkheidze"],
    male: ["Giorgi", "Levan", "Davit", "Irakli", "Zurab", "Nikoloz"],
    female: ["Nino", "Tamar", "Mariam", "Ketevan", "Natia", "Eka"]);
group!(MONGOLIAN, "Mongolian",
    family: ["Bat", "Ganbold", "Erdene", "Tsend", "Dorj", "Batbayar", "Purev", "Enkhbat"],
    male: ["Temuulen", "Bat-Erdene", "Ganzorig", "Munkhbat", "Altangerel", "Tuvshin"],
    female: ["Bolormaa", "Enkhjargal", "Oyuun", "Sarangerel", "Nomin", "Altantsetseg"]);
group!(THAI, "Thai",
    family: ["Saetang", "Srisuk", "Wongsawat", "Chaiyaporn", "Rattanakorn", "Boonmee", "Sukhum", "Thongchai"],
    male: ["Somchai", "Niran", "Prasert", "Anan", "Kittisak", "Wichai"],
    female: ["Siriporn", "Kanya", "Apinya", "Malee", "Ratana", "Supaporn"]);
group!(LAO, "Lao",
    family: ["Phommachanh", "Sisavath", "Vongsa", "Keomany", "Phanthavong", "Inthavong", "Souvannavong"],
    male: ["Somphone", "Khamphay", "Bounmy", "Souksavanh", "Vilaysack", "Phonesavanh"],
    female: ["Noy", "Vilayvanh", "Manivanh", "Chanthaly", "Keo", "Souphaphone"]);
group!(KHMER, "Khmer",
    family: ["Sok", "Chan", "Keo", "Heng", "Ly", "Meas", "Chea", "Sorn"],
    male: ["Dara", "Sopheak", "Vuthy", "Rithy", "Sokun", "Visal"],
    female: ["Sreymom", "Bopha", "Channary", "Sokha", "Sophea", "Kanha"]);
group!(BURMESE, "Burmese",
    family: ["Aung", "Kyaw", "Htun", "Win", "Myint", "Thein", "Soe", "Zaw"],
    male: ["Min Htet", "Zaw Win", "Thura", "Ko Ko", "Htet Naing", "Ye Lin"],
    female: ["Thida", "Su Myat", "Ei Phyu", "Khin Mar", "Hnin Wai", "May Thu"]);
group!(MALAY, "Malay and Indonesian",
    family: ["Santoso", "Wijaya", "Rahman", "Hassan", "Abdullah", "Saputra", "Ismail", "Hidayat"],
    male: ["Budi", "Ahmad", "Rizal", "Agus", "Hafiz", "Faisal"],
    female: ["Siti", "Dewi", "Putri", "Nur", "Aisyah", "Ratna"]);
group!(FILIPINO, "Filipino",
    family: ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Ramos", "Villanueva"],
    male: ["Jose", "Mark", "John Paul", "Rodel", "Angelo", "Ramon"],
    female: ["Maria", "Kristine", "Jocelyn", "Mary Grace", "Rowena", "Liza"]);
group!(INDIAN, "Indian",
    family: ["Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Das", "Mehta"],
    male: ["Rahul", "Amit", "Arjun", "Vikram", "Sanjay", "Rohan", "Suresh", "Anil"],
    female: ["Priya", "Sunita", "Anjali", "Deepa", "Kavita", "Neha", "Pooja", "Lakshmi"]);
group!(PAKISTANI, "Pakistani",
    family: ["Khan", "Ahmed", "Hussain", "Malik", "Qureshi", "Butt", "Chaudhry", "Shah"],
    male: ["Imran", "Bilal", "Usman", "Faisal", "Hamza", "Asif"],
    female: ["Ayesha", "Fatima", "Sana", "Hina", "Sadia", "Zainab"]);
group!(BANGLADESHI, "Bangladeshi",
    family: ["Rahman", "Hossain", "Islam", "Uddin", "Chowdhury", "Miah", "Ahmed", "Sarker"],
    male: ["Rakib", "Tanvir", "Shahid", "Arif", "Mahmud", "Sajid"],
    female: ["Nusrat", "Sharmin", "Farzana", "Tahmina", "Rumana", "Sabina"]);
group!(AFGHAN, "Afghan",
    family: ["Ahmadzai", "Popal", "Karimi", "Rahimi", "Noori", "Stanikzai", "Hakimi", "Sultani"],
    male: ["Ahmad", "Farid", "Najib", "Mohammad", "Hamid", "Wahid"],
    female: ["Fereshta", "Mariam", "Zarghuna", "Shabnam", "Farida", "Nargis"]);
group!(NEPALI, "Nepali",
    family: ["Shrestha", "Gurung", "Thapa", "Tamang", "Rai", "Adhikari", "Karki", "Magar"],
    male: ["Bikash", "Sagar", "Rajesh", "Suman", "Prakash", "Ramesh"],
    female: ["Sita", "Anita", "Sunita", "Pooja", "Sabina", "Gita"]);
group!(BHUTANESE, "Bhutanese",
    family: ["Dorji", "Wangchuk", "Namgyel", "Penjor", "Tshering", "Wangdi"],
    feminine: ["Wangmo", "Choden", "Lhamo", "Yangzom", "Zangmo", "Dema"],
    male: ["Karma", "Sonam", "Pema", "Kinley", "Ugyen", "Jigme"],
    female: ["Dechen", "Tashi", "Yangchen", "Kinzang", "Sonam", "Pema"]);
group!(SRI_LANKAN, "Sri Lankan",
    family: ["Perera", "Fernando", "Silva", "Jayawardena", "Bandara", "Wickramasinghe", "Rajapaksa", "Dissanayake"],
    male: ["Nuwan", "Chaminda", "Kasun", "Ruwan", "Dinesh", "Mahesh"],
    female: ["Dilani", "Nadeesha", "Chathurika", "Sanduni", "Nirmala", "Ishara"]);
group!(MALDIVIAN, "Maldivian",
    family: ["Mohamed", "Ibrahim", "Hassan", "Abdulla", "Rasheed", "Waheed"],
    male: ["Ahmed", "Ali", "Hussain", "Ismail", "Ibrahim", "Moosa"],
    female: ["Aishath", "Fathimath", "Mariyam", "Aminath", "Hawwa", "Shifa"]);
group!(PERSIAN, "Persian",
    family: ["Hosseini", "Mohammadi", "Ahmadi", "Rezaei", "Moradi", "Karimi", "Jafari", "Rahimi"],
    male: ["Ali", "Reza", "Mohammad", "Amir", "Hossein", "Mehdi"],
    female: ["Zahra", "Fatemeh", "Maryam", "Narges", "Sara", "Leila"]);
group!(ARABIC, "Arabic",
    family: ["Al-Sayed", "Haddad", "Mansour", "Nasser", "Khalil", "Hamdan", "Ibrahim", "Saleh", "Abdallah", "Al-Amin"],
    male: ["Mohamed", "Ahmed", "Omar", "Youssef", "Khaled", "Hassan", "Tariq", "Karim"],
    female: ["Fatima", "Mariam", "Layla", "Nour", "Aisha", "Rania", "Huda", "Salma"]);
group!(HEBREW, "Israeli",
    family: ["Cohen", "Levi", "Mizrahi", "Peretz", "Biton", "Friedman", "Katz", "Shapiro"],
    male: ["Yosef", "David", "Noam", "Itai", "Avi", "Eitan"],
    female: ["Noa", "Tamar", "Shira", "Yael", "Maya", "Michal"]);
group!(TURKISH, "Turkish",
    family: ["Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Yildiz", "Aydin", "Ozturk"],
    male: ["Mehmet", "Mustafa", "Ahmet", "Emre", "Burak", "Murat"],
    female: ["Ayse", "Fatma", "Zeynep", "Elif", "Emine", "Merve"]);
group!(SPANISH, "Spanish",
    family: ["Garcia", "Rodriguez", "Martinez", "Lopez", "Gonzalez", "Hernandez", "Perez", "Sanchez", "Ramirez", "Torres"],
    male: ["Carlos", "Jose", "Juan", "Diego", "Javier", "Alejandro", "Luis", "Miguel"],
    female: ["Maria", "Lucia", "Sofia", "Valentina", "Carmen", "Isabel", "Ana", "Gabriela"]);
group!(PORTUGUESE, "Portuguese",
    family: ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Ferreira", "Almeida", "Rodrigues", "Carvalho"],
    male: ["Joao", "Pedro", "Lucas", "Rafael", "Tiago", "Gabriel", "Miguel", "Antonio"],
    female: ["Ana", "Beatriz", "Mariana", "Juliana", "Camila", "Larissa", "Ines", "Fernanda"]);
group!(ITALIAN, "Italian",
    family: ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco"],
    male: ["Marco", "Luca", "Giuseppe", "Alessandro", "Matteo", "Francesco", "Andrea", "Paolo"],
    female: ["Giulia", "Francesca", "Chiara", "Sara", "Martina", "Elena", "Alessia", "Valentina"]);
group!(MALTESE, "Maltese",
    family: ["Borg", "Camilleri", "Vella", "Farrugia", "Zammit", "Galea", "Grech", "Attard"],
    male: ["Joseph", "Mark", "Daniel", "Luke", "Matthew", "Carmel"],
    female: ["Maria", "Rebecca", "Claire", "Rita", "Josephine", "Nicole"]);
group!(DUTCH, "Dutch",
    family: ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer"],
    male: ["Daan", "Sem", "Jeroen", "Pieter", "Bas", "Thijs", "Ruben", "Maarten"],
    female: ["Sanne", "Lotte", "Anouk", "Femke", "Eva", "Iris", "Fleur", "Marieke"]);
group!(SWEDISH, "Swedish",
    family: ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson"],
    male: ["Erik", "Lars", "Anders", "Johan", "Oskar", "Henrik"],
    female: ["Emma", "Maja", "Ingrid", "Karin", "Elin", "Sofia"]);
group!(DANISH_NORWEGIAN, "Danish and Norwegian",
    family: ["Nielsen", "Hansen", "Jensen", "Pedersen", "Olsen", "Larsen", "Johansen", "Berg"],
    male: ["Mads", "Rasmus", "Jonas", "Magnus", "Kristian", "Ole"],
    female: ["Ida", "Freja", "Ingrid", "Sofie", "Kari", "Mette"]);
group!(FINNISH, "Finnish",
    family: ["Virtanen", "Korhonen", "Nieminen", "Makinen", "Hamalainen", "Laine", "Heikkinen", "Koskinen"],
    male: ["Mikko", "Juha", "Timo", "Matti", "Antti", "Jukka"],
    female: ["Aino", "Liisa", "Sanna", "Tuula", "Kaisa", "Johanna"]);
group!(ICELANDIC, "Icelandic",
    family: ["Jonsson", "Sigurdsson", "Gudmundsson", "Einarsson", "Kristjansson", "Magnusson"],
    feminine: ["Jonsdottir", "Sigurdardottir", "Gudmundsdottir", "Einarsdottir", "Kristjansdottir", "Magnusdottir"],
    male: ["Jon", "Sigurdur", "Gudmundur", "Gunnar", "Einar", "Olafur"],
    female: ["Gudrun", "Anna", "Kristin", "Sigridur", "Helga", "Margret"]);
group!(POLISH, "Polish",
    family: ["Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kaminski", "Lewandowski", "Zielinski", "Szymanski"],
    feminine: ["Nowak", "Kowalska", "Wisniewska", "Wojcik", "Kaminska", "Lewandowska", "Zielinska", "Szymanska"],
    male: ["Piotr", "Krzysztof", "Tomasz", "Pawel", "Jakub", "Michal"],
    female: ["Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Monika"]);
group!(CZECH_SLOVAK, "Czech and Slovak",
    family: ["Novak", "Svoboda", "Dvorak", "Cerny", "Prochazka", "Kucera", "Horak", "Nemec"],
    feminine: ["Novakova", "Svobodova", "Dvorakova", "Cerna", "Prochazkova", "Kucerova", "Horakova", "Nemcova"],
    male: ["Jan", "Petr", "Tomas", "Martin", "Lukas", "Jakub"],
    female: ["Jana", "Eva", "Lucie", "Petra", "Katerina", "Tereza"]);
group!(HUNGARIAN, "Hungarian",
    family: ["Nagy", "Kovacs", "Toth", "Szabo", "Horvath", "Varga", "Kiss", "Molnar"],
    male: ["Bence", "Laszlo", "Zoltan", "Gabor", "Peter", "Istvan"],
    female: ["Eszter", "Katalin", "Zsofia", "Anna", "Reka", "Judit"]);
group!(ROMANIAN, "Romanian",
    family: ["Popescu", "Ionescu", "Popa", "Stan", "Dumitru", "Stoica", "Constantin", "Munteanu"],
    male: ["Andrei", "Alexandru", "Mihai", "Ion", "Florin", "Bogdan"],
    female: ["Ioana", "Elena", "Andreea", "Maria", "Cristina", "Alina"]);
group!(BULGARIAN, "Bulgarian and Macedonian",
    family: ["Ivanov", "Georgiev", "Dimitrov", "Petrov", "Nikolov", "Stoyanov", "Todorov", "Angelov"],
    feminine: ["Ivanova", "Georgieva", "Dimitrova", "Petrova", "Nikolova", "Stoyanova", "Todorova", "Angelova"],
    male: ["Georgi", "Dimitar", "Ivan", "Nikolay", "Stefan", "Hristo"],
    female: ["Maria", "Elena", "Desislava", "Tsvetelina", "Ivanka", "Gergana"]);
group!(SOUTH_SLAVIC, "Serbian, Croatian, Bosnian and Slovene",
    family: ["Jovanovic", "Petrovic", "Nikolic", "Horvat", "Kovacevic", "Markovic", "Popovic", "Babic"],
    male: ["Marko", "Nikola", "Luka", "Stefan", "Ivan", "Milan"],
    female: ["Ana", "Jelena", "Ivana", "Marija", "Milica", "Maja"]);
group!(ALBANIAN, "Albanian",
    family: ["Hoxha", "Shehu", "Krasniqi", "Berisha", "Gashi", "Leka", "Kola", "Dervishi"],
    male: ["Arben", "Besnik", "Ilir", "Erion", "Dritan", "Gentian"],
    female: ["Elira", "Drita", "Blerta", "Anila", "Mirela", "Arta"]);
group!(GREEK, "Greek",
    family: ["Papadopoulos", "Georgiou", "Nikolaidis", "Pappas", "Oikonomou", "Vlachos", "Dimitriou", "Karagiannis"],
    feminine: ["Papadopoulou", "Georgiou", "Nikolaidou", "Pappa", "Oikonomou", "Vlachou", "Dimitriou", "Karagianni"],
    male: ["Georgios", "Dimitrios", "Nikolaos", "Konstantinos", "Ioannis", "Christos"],
    female: ["Maria", "Eleni", "Katerina", "Sofia", "Dimitra", "Anna"]);
group!(BALTIC, "Estonian",
    family: ["Tamm", "Saar", "Sepp", "Magi", "Kask", "Kukk", "Rebane", "Ilves"],
    male: ["Martin", "Andres", "Toomas", "Rasmus", "Jaan", "Margus"],
    female: ["Kadri", "Liis", "Triin", "Kristiina", "Mari", "Piret"]);
group!(LATVIAN, "Latvian",
    family: ["Berzins", "Kalnins", "Ozolins", "Jansons", "Liepins", "Krumins"],
    feminine: ["Berzina", "Kalnina", "Ozolina", "Jansone", "Liepina", "Krumina"],
    male: ["Janis", "Andris", "Martins", "Edgars", "Kristaps", "Valdis"],
    female: ["Anna", "Ilze", "Liga", "Kristine", "Inese", "Zane"]);
group!(LITHUANIAN, "Lithuanian",
    family: ["Kazlauskas", "Jankauskas", "Petrauskas", "Stankevicius", "Vasiliauskas", "Zukauskas"],
    feminine: ["Kazlauskiene", "Jankauskiene", "Petrauskiene", "Stankeviciene", "Vasiliauskiene", "Zukauskiene"],
    male: ["Jonas", "Tomas", "Mantas", "Darius", "Paulius", "Vytautas"],
    female: ["Ruta", "Egle", "Ieva", "Laura", "Jurgita", "Asta"]);
group!(WEST_AFRICAN, "Nigerian, Ghanaian and Sierra Leonean",
    family: ["Okafor", "Adeyemi", "Mensah", "Owusu", "Boateng", "Okonkwo", "Kamara", "Bello", "Adebayo", "Asante"],
    male: ["Chinedu", "Kwame", "Emeka", "Kofi", "Tunde", "Samuel", "Ibrahim", "Yaw"],
    female: ["Ngozi", "Ama", "Funmilayo", "Abena", "Chioma", "Grace", "Aminata", "Efua"]);
group!(SAHEL, "West African (French-speaking)",
    family: ["Diallo", "Traore", "Diop", "Ndiaye", "Kone", "Coulibaly", "Toure", "Sow", "Camara", "Ouedraogo"],
    male: ["Mamadou", "Moussa", "Ibrahima", "Abdoulaye", "Ousmane", "Seydou"],
    female: ["Aminata", "Fatoumata", "Mariama", "Awa", "Aissatou", "Kadiatou"]);
group!(CENTRAL_AFRICAN, "Central African",
    family: ["Mbarga", "Nkoulou", "Ilunga", "Kabongo", "Mukendi", "Ngoma", "Mbala", "Tshibanda"],
    male: ["Jean", "Patrick", "Serge", "Christian", "Blaise", "Didier"],
    female: ["Esther", "Grace", "Sandrine", "Pauline", "Brigitte", "Chantal"]);
group!(EAST_AFRICAN, "East African",
    family: ["Mwangi", "Otieno", "Kamau", "Odhiambo", "Mushi", "Ochieng", "Njoroge", "Kariuki", "Mutua", "Okello"],
    male: ["John", "Peter", "Joseph", "Daniel", "Brian", "Emmanuel", "Moses", "David"],
    female: ["Mary", "Grace", "Faith", "Esther", "Joyce", "Mercy", "Agnes", "Ruth"]);
group!(SOUTHERN_AFRICAN, "Southern African",
    family: ["Moyo", "Ncube", "Banda", "Phiri", "Dube", "Sibanda", "Mokoena", "Nkosi"],
    male: ["Tendai", "Blessing", "Thabo", "Tatenda", "Sipho", "Lovemore"],
    female: ["Rudo", "Nomsa", "Chipo", "Thandiwe", "Precious", "Lerato"]);
group!(ETHIOPIAN, "Ethiopian and Eritrean",
    family: ["Tesfaye", "Bekele", "Girma", "Haile", "Alemu", "Tadesse", "Mengistu", "Kebede"],
    male: ["Abebe", "Dawit", "Yonas", "Tewodros", "Solomon", "Biniam"],
    female: ["Meron", "Hirut", "Selam", "Tigist", "Bethlehem", "Mahlet"]);
group!(SOMALI, "Somali",
    family: ["Mohamed", "Ali", "Hassan", "Abdi", "Farah", "Warsame", "Ahmed", "Omar"],
    male: ["Abdirahman", "Abdullahi", "Mohamed", "Hassan", "Abdiwali", "Yusuf"],
    female: ["Hodan", "Amina", "Fadumo", "Sahra", "Khadija", "Ifrah"]);
group!(MALAGASY, "Malagasy",
    family: ["Rakotomalala", "Randriamampionona", "Rasoanaivo", "Razafindrakoto", "Andriamihaja", "Rakotoarisoa"],
    male: ["Hery", "Toky", "Fanilo", "Rija", "Tahina", "Mamy"],
    female: ["Voahirana", "Lalao", "Hanta", "Fara", "Noro", "Volana"]);
group!(PACIFIC, "Pacific Islander",
    family: ["Tuilagi", "Fifita", "Waqa", "Kaupa", "Tamate", "Faleolo", "Tupou", "Vaka"],
    male: ["Sione", "Josefa", "Peni", "Tomasi", "Semisi", "Iosefa"],
    female: ["Mele", "Losana", "Salote", "Litia", "Ana", "Seini"]);

/// The name group of a nationality (ISO 3166-1 alpha-2). Hong Kong, Macao, Taiwan and China
/// take Chinese names ([`super::chinese`]); a code not listed (none of the reference list's
/// inhabited countries) takes the English names.
pub(super) fn group(nationality: &str) -> &'static NameGroup {
    match nationality {
        "KR" | "KP" => &KOREAN,
        "JP" => &JAPANESE,
        "VN" => &VIETNAMESE,
        "SG" => &STRAITS,
        "DE" | "AT" | "CH" | "LI" | "LU" => &GERMAN,
        "FR" | "BE" | "MC" | "HT" | "SC" | "BL" | "MF" | "GF" | "GP" | "MQ" | "NC" | "PF"
        | "PM" | "RE" | "WF" | "YT" => &FRENCH,
        "RU" | "BY" | "MD" => &RUSSIAN,
        "UA" => &UKRAINIAN,
        "KZ" | "KG" | "UZ" | "TJ" | "TM" | "AZ" => &CENTRAL_ASIAN,
        "AM" => &ARMENIAN,
        "GE" => &GEORGIAN,
        "MN" => &MONGOLIAN,
        "TH" => &THAI,
        "LA" => &LAO,
        "KH" => &KHMER,
        "MM" => &BURMESE,
        "ID" | "MY" | "BN" => &MALAY,
        "PH" => &FILIPINO,
        "IN" | "MU" => &INDIAN,
        "PK" => &PAKISTANI,
        "BD" => &BANGLADESHI,
        "AF" => &AFGHAN,
        "NP" => &NEPALI,
        "BT" => &BHUTANESE,
        "LK" => &SRI_LANKAN,
        "MV" => &MALDIVIAN,
        "IR" => &PERSIAN,
        "EG" | "SA" | "YE" | "SY" | "IQ" | "JO" | "LB" | "SD" | "MA" | "DZ" | "TN" | "LY"
        | "AE" | "OM" | "QA" | "KW" | "BH" | "PS" | "MR" | "EH" | "KM" => &ARABIC,
        "IL" => &HEBREW,
        "TR" => &TURKISH,
        "ES" | "AD" | "MX" | "AR" | "CO" | "PE" | "CL" | "VE" | "EC" | "CU" | "UY" | "PY"
        | "BO" | "CR" | "PA" | "DO" | "GT" | "HN" | "SV" | "NI" | "PR" | "GQ" => &SPANISH,
        "PT" | "BR" | "AO" | "MZ" | "CV" | "GW" | "ST" | "TL" => &PORTUGUESE,
        "IT" | "SM" | "VA" => &ITALIAN,
        "MT" => &MALTESE,
        "NL" | "SR" | "AW" | "BQ" | "CW" | "SX" => &DUTCH,
        "SE" | "AX" => &SWEDISH,
        "DK" | "NO" | "FO" | "GL" | "SJ" => &DANISH_NORWEGIAN,
        "FI" => &FINNISH,
        "IS" => &ICELANDIC,
        "PL" => &POLISH,
        "CZ" | "SK" => &CZECH_SLOVAK,
        "HU" => &HUNGARIAN,
        "RO" => &ROMANIAN,
        "BG" | "MK" => &BULGARIAN,
        "RS" | "HR" | "BA" | "ME" | "SI" => &SOUTH_SLAVIC,
        "AL" => &ALBANIAN,
        "GR" | "CY" => &GREEK,
        "EE" => &BALTIC,
        "LV" => &LATVIAN,
        "LT" => &LITHUANIAN,
        "NG" | "GH" | "SL" | "LR" | "GM" => &WEST_AFRICAN,
        "SN" | "ML" | "GN" | "CI" | "BF" | "NE" | "TG" | "BJ" | "TD" => &SAHEL,
        "CM" | "CD" | "CG" | "GA" | "CF" | "BI" | "RW" => &CENTRAL_AFRICAN,
        "KE" | "TZ" | "UG" | "SS" => &EAST_AFRICAN,
        "ZW" | "ZM" | "MW" | "BW" | "LS" | "SZ" | "NA" => &SOUTHERN_AFRICAN,
        "ET" | "ER" => &ETHIOPIAN,
        "SO" | "DJ" => &SOMALI,
        "MG" => &MALAGASY,
        "FJ" | "PG" | "WS" | "TO" | "SB" | "VU" | "KI" | "TV" | "NR" | "FM" | "MH" | "PW"
        | "CK" | "NU" | "TK" | "AS" => &PACIFIC,
        // English-speaking countries and territories, and the fallback.
        _ => &ENGLISH,
    }
}

/// Codes that take the English names because English names are typical of them.
#[cfg(test)]
const ENGLISH_SPEAKING: &[&str] = &[
    "US", "GB", "CA", "AU", "NZ", "IE", "ZA", "JM", "TT", "BB", "BS", "GY", "BZ", "AG", "DM", "GD",
    "KN", "LC", "VC", "AI", "BM", "KY", "MS", "TC", "VG", "VI", "GU", "MP", "FK", "SH", "PN", "NF",
    "CX", "CC", "GI", "IM", "JE", "GG",
];

/// Whether a name in Latin letters, family name first as the registry holds it ("Santos
/// Maria", "van Dijk Sanne"), is a family name and a given name of the nationality's group,
/// of either sex: what the tests of the demo's pages check.
pub(crate) fn typical(nationality: &str, latin: &str) -> bool {
    let g = group(nationality);
    g.family.iter().chain(g.family_female).any(|f| {
        latin
            .strip_prefix(f)
            .and_then(|rest| rest.strip_prefix(' '))
            .is_some_and(|given| g.male.contains(&given) || g.female.contains(&given))
    })
}

/// Whether a foreigner's name in a generated file is one of their nationality's group, in
/// the form for their sex: what the generators' tests check.
#[cfg(test)]
pub(crate) fn fits(nationality: &str, family: &str, given: &str, female: bool) -> bool {
    let g = group(nationality);
    let families = if female && !g.family_female.is_empty() {
        g.family_female
    } else {
        g.family
    };
    let given_names = if female { g.female } else { g.male };
    families.contains(&family) && given_names.contains(&given)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Every inhabited country of the reference list, but China, Hong Kong, Macao and Taiwan.
    fn foreign_countries() -> Vec<&'static str> {
        const NOT: [&str; 11] = [
            "CN", "HK", "MO", "TW", "AQ", "BV", "HM", "TF", "GS", "UM", "IO",
        ];
        crate::reference::reference()
            .countries
            .iter()
            .map(|c| c.alpha2.as_str())
            .filter(|c| !NOT.contains(c))
            .collect()
    }

    #[test]
    fn every_country_has_a_group_of_its_own_and_english_only_where_english_is_spoken() {
        for c in foreign_countries() {
            let g = group(c);
            assert!(
                g.label != "English" || ENGLISH_SPEAKING.contains(&c),
                "{c} falls back to the English names"
            );
        }
        assert_eq!(group("RU").label, "Russian");
        assert_eq!(group("PH").label, "Filipino");
        assert_eq!(group("BR").label, "Portuguese");
        assert_eq!(group("MX").label, "Spanish");
        assert_eq!(group("IR").label, "Persian");
        assert_eq!(group("PK").label, "Pakistani");
        assert_eq!(group("MM").label, "Burmese");
    }

    #[test]
    fn names_are_ascii_latin_without_commas_and_feminine_forms_pair_up() {
        for c in foreign_countries() {
            let g = group(c);
            assert!(
                g.family_female.is_empty() || g.family_female.len() == g.family.len(),
                "{}",
                g.label
            );
            assert!(!g.male.is_empty() && !g.female.is_empty(), "{}", g.label);
            for n in g
                .family
                .iter()
                .chain(g.family_female)
                .chain(g.male)
                .chain(g.female)
            {
                assert!(n.is_ascii() && !n.contains(','), "{}: {n}", g.label);
                crate::registry::latin_name(n).unwrap();
            }
        }
    }

    #[test]
    fn a_typical_name_is_read_back_from_the_latin_name() {
        assert!(typical("PH", "Santos Mary Grace"));
        assert!(typical("NL", "van den Berg Sanne"));
        assert!(typical("RU", "Ivanova Anna"));
        assert!(!typical("PH", "Okafor Grace"));
        assert!(!typical("RU", "Santos Maria"));
    }

    #[test]
    fn a_draw_gives_a_name_for_the_bearers_sex() {
        let mut rng = Rng::new(3);
        for _ in 0..200 {
            let draw = NameDraw::take(&mut rng, 2);
            let (family, given) = group("RU").name(draw, true);
            assert!(family.ends_with('a'), "{family}");
            assert!(fits("RU", family, given, true));
            let (family, given) = group("RU").name(draw, false);
            assert!(fits("RU", family, given, false));
        }
        // The draws taken are those of the generator's `below`.
        let (mut a, mut b) = (Rng::new(9), Rng::new(9));
        let draw = NameDraw::take(&mut a, 2);
        assert_eq!(draw.index(0, 10) as u64, b.below(10));
        assert_eq!(draw.index(1, 7) as u64, b.below(7));
        assert_eq!(a.next_u64(), b.next_u64());
    }
}
