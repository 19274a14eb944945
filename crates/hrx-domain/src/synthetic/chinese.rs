//! Chinese names of the synthetic Chinese: the name in characters (`name_native`) with its
//! romanisation (`name_latin`, family name first, as the import forms it: "Wang Xiuying").
//! Family names are the common ones weighted roughly by how many bear them; given names are
//! whole names of one or two characters, for women and for men. The mainland writes
//! simplified characters and Hanyu Pinyin; Hong Kong and Macao traditional characters and
//! the Cantonese romanisation of their identity cards ("Chan Ka Ming"); Taiwan traditional
//! characters and Wade–Giles ("Chen Chih-ming").

use super::names::NameDraw;

/// Where a Chinese person's name is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Region {
    Mainland,
    HongKongMacao,
    Taiwan,
}

impl Region {
    /// The region of a nationality code: `HK` and `MO`, `TW`, else the mainland.
    pub fn of(nationality: &str) -> Region {
        match nationality {
            "HK" | "MO" => Region::HongKongMacao,
            "TW" => Region::Taiwan,
            _ => Region::Mainland,
        }
    }
}

/// A family name: simplified, pinyin, traditional, Cantonese, Wade–Giles, and the weight
/// (bearers per ten thousand, roughly, on the mainland).
type Family = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u64,
);

const FAMILY: [Family; 41] = [
    ("王", "Wang", "王", "Wong", "Wang", 725),
    ("李", "Li", "李", "Lee", "Li", 719),
    ("张", "Zhang", "張", "Cheung", "Chang", 683),
    ("刘", "Liu", "劉", "Lau", "Liu", 538),
    ("陈", "Chen", "陳", "Chan", "Chen", 453),
    ("杨", "Yang", "楊", "Yeung", "Yang", 308),
    ("黄", "Huang", "黃", "Wong", "Huang", 223),
    ("赵", "Zhao", "趙", "Chiu", "Chao", 229),
    ("吴", "Wu", "吳", "Ng", "Wu", 205),
    ("周", "Zhou", "周", "Chow", "Chou", 198),
    ("徐", "Xu", "徐", "Tsui", "Hsu", 166),
    ("孙", "Sun", "孫", "Suen", "Sun", 154),
    ("马", "Ma", "馬", "Ma", "Ma", 144),
    ("朱", "Zhu", "朱", "Chu", "Chu", 128),
    ("胡", "Hu", "胡", "Wu", "Hu", 127),
    ("郭", "Guo", "郭", "Kwok", "Kuo", 115),
    ("何", "He", "何", "Ho", "Ho", 114),
    ("高", "Gao", "高", "Ko", "Kao", 107),
    ("林", "Lin", "林", "Lam", "Lin", 105),
    ("罗", "Luo", "羅", "Law", "Lo", 98),
    ("郑", "Zheng", "鄭", "Cheng", "Cheng", 97),
    ("梁", "Liang", "梁", "Leung", "Liang", 86),
    ("谢", "Xie", "謝", "Tse", "Hsieh", 81),
    ("宋", "Song", "宋", "Sung", "Sung", 76),
    ("唐", "Tang", "唐", "Tong", "Tang", 75),
    ("许", "Xu", "許", "Hui", "Hsu", 73),
    ("韩", "Han", "韓", "Hon", "Han", 72),
    ("冯", "Feng", "馮", "Fung", "Feng", 70),
    ("邓", "Deng", "鄧", "Tang", "Teng", 69),
    ("曹", "Cao", "曹", "Tso", "Tsao", 68),
    ("彭", "Peng", "彭", "Pang", "Peng", 64),
    ("曾", "Zeng", "曾", "Tsang", "Tseng", 62),
    ("肖", "Xiao", "蕭", "Siu", "Hsiao", 60),
    ("田", "Tian", "田", "Tin", "Tien", 59),
    ("董", "Dong", "董", "Tung", "Tung", 57),
    ("潘", "Pan", "潘", "Poon", "Pan", 55),
    ("袁", "Yuan", "袁", "Yuen", "Yuan", 54),
    ("蔡", "Cai", "蔡", "Choi", "Tsai", 53),
    ("蒋", "Jiang", "蔣", "Tseung", "Chiang", 51),
    ("余", "Yu", "余", "Yu", "Yu", 49),
    ("欧阳", "Ouyang", "歐陽", "Au Yeung", "Ouyang", 8),
];

/// Given names on the mainland: characters and pinyin, women's and men's.
const MAINLAND_FEMALE: [(&str, &str); 40] = [
    ("芳", "Fang"),
    ("娜", "Na"),
    ("敏", "Min"),
    ("静", "Jing"),
    ("丽", "Li"),
    ("艳", "Yan"),
    ("娟", "Juan"),
    ("霞", "Xia"),
    ("燕", "Yan"),
    ("玲", "Ling"),
    ("婷", "Ting"),
    ("雪", "Xue"),
    ("琳", "Lin"),
    ("颖", "Ying"),
    ("倩", "Qian"),
    ("秀英", "Xiuying"),
    ("桂英", "Guiying"),
    ("秀兰", "Xiulan"),
    ("丽娟", "Lijuan"),
    ("晓燕", "Xiaoyan"),
    ("海燕", "Haiyan"),
    ("淑珍", "Shuzhen"),
    ("玉兰", "Yulan"),
    ("美玲", "Meiling"),
    ("雅琴", "Yaqin"),
    ("欣怡", "Xinyi"),
    ("梓涵", "Zihan"),
    ("诗涵", "Shihan"),
    ("思雨", "Siyu"),
    ("雨婷", "Yuting"),
    ("佳怡", "Jiayi"),
    ("慧敏", "Huimin"),
    ("红梅", "Hongmei"),
    ("春梅", "Chunmei"),
    ("晓丽", "Xiaoli"),
    ("文静", "Wenjing"),
    ("婉清", "Wanqing"),
    ("丹丹", "Dandan"),
    ("莉莉", "Lili"),
    ("佳", "Jia"),
];

const MAINLAND_MALE: [(&str, &str); 40] = [
    ("伟", "Wei"),
    ("强", "Qiang"),
    ("磊", "Lei"),
    ("军", "Jun"),
    ("勇", "Yong"),
    ("杰", "Jie"),
    ("涛", "Tao"),
    ("明", "Ming"),
    ("超", "Chao"),
    ("刚", "Gang"),
    ("平", "Ping"),
    ("辉", "Hui"),
    ("鹏", "Peng"),
    ("斌", "Bin"),
    ("浩", "Hao"),
    ("凯", "Kai"),
    ("建国", "Jianguo"),
    ("建华", "Jianhua"),
    ("国强", "Guoqiang"),
    ("志强", "Zhiqiang"),
    ("志明", "Zhiming"),
    ("海涛", "Haitao"),
    ("文博", "Wenbo"),
    ("晓东", "Xiaodong"),
    ("俊杰", "Junjie"),
    ("子轩", "Zixuan"),
    ("浩然", "Haoran"),
    ("宇航", "Yuhang"),
    ("家豪", "Jiahao"),
    ("永刚", "Yonggang"),
    ("建军", "Jianjun"),
    ("立新", "Lixin"),
    ("振华", "Zhenhua"),
    ("德明", "Deming"),
    ("天宇", "Tianyu"),
    ("博文", "Bowen"),
    ("明辉", "Minghui"),
    ("春生", "Chunsheng"),
    ("小龙", "Xiaolong"),
    ("卫东", "Weidong"),
];

/// Given names in Hong Kong and Macao: traditional characters and Cantonese.
const HK_FEMALE: [(&str, &str); 14] = [
    ("嘉欣", "Ka Yan"),
    ("詠詩", "Wing Sze"),
    ("美玲", "Mei Ling"),
    ("慧敏", "Wai Man"),
    ("淑儀", "Shuk Yee"),
    ("麗珊", "Lai Shan"),
    ("寶儀", "Po Yee"),
    ("曉彤", "Hiu Tung"),
    ("凱琳", "Hoi Lam"),
    ("秀英", "Sau Ying"),
    ("玉珍", "Yuk Chun"),
    ("佩珊", "Pui Shan"),
    ("穎", "Wing"),
    ("敏", "Man"),
];

const HK_MALE: [(&str, &str); 14] = [
    ("家明", "Ka Ming"),
    ("志偉", "Chi Wai"),
    ("偉強", "Wai Keung"),
    ("國華", "Kwok Wah"),
    ("永康", "Wing Hong"),
    ("俊傑", "Chun Kit"),
    ("子健", "Tsz Kin"),
    ("文輝", "Man Fai"),
    ("浩然", "Ho Yin"),
    ("建華", "Kin Wah"),
    ("大文", "Tai Man"),
    ("嘉豪", "Ka Ho"),
    ("偉", "Wai"),
    ("明", "Ming"),
];

/// Given names in Taiwan: traditional characters and Wade–Giles.
const TW_FEMALE: [(&str, &str); 12] = [
    ("淑芬", "Shu-fen"),
    ("雅婷", "Ya-ting"),
    ("怡君", "Yi-chun"),
    ("淑惠", "Shu-hui"),
    ("美玲", "Mei-ling"),
    ("佩君", "Pei-chun"),
    ("欣怡", "Hsin-yi"),
    ("詩涵", "Shih-han"),
    ("宜蓁", "Yi-chen"),
    ("惠如", "Hui-ju"),
    ("麗華", "Li-hua"),
    ("靜", "Ching"),
];

const TW_MALE: [(&str, &str); 12] = [
    ("志明", "Chih-ming"),
    ("家豪", "Chia-hao"),
    ("冠宇", "Kuan-yu"),
    ("建宏", "Chien-hung"),
    ("俊傑", "Chun-chieh"),
    ("承翰", "Cheng-han"),
    ("宗翰", "Tsung-han"),
    ("柏翰", "Po-han"),
    ("文雄", "Wen-hsiung"),
    ("國華", "Kuo-hua"),
    ("志豪", "Chih-hao"),
    ("偉", "Wei"),
];

/// A Chinese name: in characters, and its family and given name romanised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ChineseName {
    /// Family name then given name, without a space (王秀英).
    pub native: String,
    pub family: &'static str,
    pub given: &'static str,
}

impl ChineseName {
    /// The name in Latin letters as the registry holds it: family name first ("Wang Xiuying").
    #[cfg(test)]
    pub fn latin(&self) -> String {
        format!("{} {}", self.family, self.given)
    }
}

fn family_totals() -> Vec<u64> {
    let mut total = 0;
    FAMILY
        .iter()
        .map(|f| {
            total += f.5;
            total
        })
        .collect()
}

fn given_table(region: Region, female: bool) -> &'static [(&'static str, &'static str)] {
    match (region, female) {
        (Region::Mainland, true) => &MAINLAND_FEMALE,
        (Region::Mainland, false) => &MAINLAND_MALE,
        (Region::HongKongMacao, true) => &HK_FEMALE,
        (Region::HongKongMacao, false) => &HK_MALE,
        (Region::Taiwan, true) => &TW_FEMALE,
        (Region::Taiwan, false) => &TW_MALE,
    }
}

/// The name of a draw (its first two numbers) for a woman or a man of a region.
pub(super) fn name(draw: NameDraw, region: Region, female: bool) -> ChineseName {
    let f = FAMILY[draw.weighted(0, &family_totals())];
    let (family_native, family) = match region {
        Region::Mainland => (f.0, f.1),
        Region::HongKongMacao => (f.2, f.3),
        Region::Taiwan => (f.2, f.4),
    };
    let table = given_table(region, female);
    let (given_native, given) = table[draw.index(1, table.len())];
    ChineseName {
        native: format!("{family_native}{given_native}"),
        family,
        given,
    }
}

/// Whether a name in characters and its romanisation (family name first) are a family name
/// and a given name of the tables that correspond, in one region's writing: what the tests
/// of the generators and of the demo's pages check.
pub(crate) fn corresponds(native: &str, latin: &str) -> bool {
    [Region::Mainland, Region::HongKongMacao, Region::Taiwan]
        .into_iter()
        .any(|region| {
            FAMILY.iter().any(|f| {
                let (fam_native, fam_latin) = match region {
                    Region::Mainland => (f.0, f.1),
                    Region::HongKongMacao => (f.2, f.3),
                    Region::Taiwan => (f.2, f.4),
                };
                let (Some(given_native), Some(given_latin)) = (
                    native.strip_prefix(fam_native),
                    latin
                        .strip_prefix(fam_latin)
                        .and_then(|r| r.strip_prefix(' ')),
                ) else {
                    return false;
                };
                [true, false].into_iter().any(|female| {
                    given_table(region, female)
                        .iter()
                        .any(|g| g.0 == given_native && g.1 == given_latin)
                })
            })
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::synthetic::Rng;
    use std::collections::HashSet;

    #[test]
    fn names_are_characters_with_their_romanisation_in_a_plausible_spread() {
        let mut rng = Rng::new(11);
        let (mut families, mut one, mut two) = (HashSet::new(), 0, 0);
        let mut wang = 0;
        for i in 0..10_000 {
            let female = i % 2 == 0;
            let n = name(NameDraw::take(&mut rng, 3), Region::Mainland, female);
            assert!(corresponds(&n.native, &n.latin()), "{n:?}");
            assert!(n
                .native
                .chars()
                .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
            crate::registry::latin_name(&n.latin()).unwrap();
            families.insert(n.family);
            wang += usize::from(n.family == "Wang");
            match n.native.chars().count() - if n.family == "Ouyang" { 2 } else { 1 } {
                1 => one += 1,
                2 => two += 1,
                k => panic!("{k} characters in {n:?}"),
            }
        }
        assert!(families.len() > 35, "{families:?}");
        // The commonest family names are the most frequent: Wang about one in eight here.
        assert!((800..1_800).contains(&wang), "{wang}");
        assert!(one > 2_000 && two > 4_000, "{one} {two}");
        let hk = name(NameDraw::take(&mut rng, 3), Region::HongKongMacao, false);
        assert!(corresponds(&hk.native, &hk.latin()) && hk.given.contains(' '));
        let tw = name(NameDraw::take(&mut rng, 3), Region::Taiwan, true);
        assert!(corresponds(&tw.native, &tw.latin()) && tw.given.contains('-'));
        assert!(!corresponds("王伟", "Li Wei"));
        assert!(!corresponds("王伟", "Wang Wei Wei"));
    }

    #[test]
    fn every_romanisation_is_a_latin_name() {
        for f in FAMILY {
            for s in [f.1, f.3, f.4] {
                crate::registry::latin_name(s).unwrap();
            }
        }
        for region in [Region::Mainland, Region::HongKongMacao, Region::Taiwan] {
            for female in [true, false] {
                for (native, latin) in given_table(region, female) {
                    assert!(!native.is_empty() && native.chars().count() <= 2);
                    crate::registry::latin_name(latin).unwrap();
                }
            }
        }
    }
}
