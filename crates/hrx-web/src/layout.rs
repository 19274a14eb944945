//! What every rendered page needs, and the problem pages the request middleware answers with
//! before any handler runs. Depends on no page and on no middleware.

use crate::i18n::{translate, Lang};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use hrx_domain::access::Principal;
use hrx_domain::reference::reference;

/// What every page needs: language, the signed-in user, the CSRF token for its forms, and
/// where it is (for the language switch and sign-in redirects).
#[derive(Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub csrf: String,
    pub user: Option<Principal>,
    pub path: String,
    /// The synthetic demo dataset is loaded: the layout says so on every page.
    pub demo: bool,
}

impl Ctx {
    pub fn t(&self, key: &str) -> String {
        translate(self.lang, key, &[])
    }

    /// A translated code from a closed list, such as `tk("sex", "female")` for `sex-female`.
    pub fn tk(&self, prefix: &str, code: &str) -> String {
        self.t(&format!("{prefix}-{code}"))
    }

    pub fn t2(&self, key: &str, a: (&str, &str), b: (&str, &str)) -> String {
        translate(
            self.lang,
            key,
            &[(a.0, a.1.to_owned()), (b.0, b.1.to_owned())],
        )
    }

    /// A message with one argument; a count (`count`, `n`) is written with its digits grouped
    /// ("共 480,000 条"), as every figure on a page is.
    pub fn t1(&self, key: &str, name: &str, value: impl ToString) -> String {
        let value = value.to_string();
        let value = match (name, value.parse::<i64>()) {
            ("count" | "n", Ok(n)) => crate::charts::group_digits(i128::from(n)),
            _ => value,
        };
        translate(self.lang, key, &[(name, value)])
    }

    /// A number with its digits grouped by thousands, for figures and tables.
    pub fn num(&self, n: &i64) -> String {
        crate::charts::group_digits(i128::from(*n))
    }

    /// An unsigned count with its digits grouped.
    pub fn unsigned(&self, n: &u64) -> String {
        crate::charts::group_digits(i128::from(*n))
    }

    /// An amount in yuan with grouped digits, cents only where there are any: "9,325.50 元",
    /// "CNY 300,000".
    pub fn yuan(&self, amount: &f64) -> String {
        let fen = (amount * 100.0).round() as i128;
        let whole = crate::charts::group_digits(fen / 100);
        let cents = (fen % 100).abs();
        let figure = if cents == 0 {
            whole
        } else if fen < 0 && fen > -100 {
            format!("-0.{cents:02}")
        } else {
            format!("{whole}.{cents:02}")
        };
        match self.lang {
            Lang::Zh => format!("{figure} 元"),
            Lang::En => format!("CNY {figure}"),
        }
    }

    /// A bilateral social-security agreement by its partner and year, as a reader names it
    /// ("中国—韩国社会保险协定（2003年）"), from its code (`CN-KR-2003`).
    pub fn agreement_name(&self, code: &str) -> String {
        let mut parts = code.split('-').skip(1);
        match (parts.next(), parts.next()) {
            (Some(partner), Some(year)) if reference().country(partner).is_some() => self.t2(
                "cov-agreement-with",
                ("partner", &self.country_name(partner)),
                ("year", year),
            ),
            _ => code.to_owned(),
        }
    }

    /// A whole amount in yuan, as [`Ctx::yuan`] writes it.
    pub fn yuan_whole(&self, amount: &i64) -> String {
        self.yuan(&(*amount as f64))
    }

    /// An occupation's ISCO-08 code with its title in the page's language; a unit group the
    /// table does not list is named by the group that contains it.
    pub fn occupation_name(&self, code: &str) -> String {
        match reference().occupation(code) {
            Some(o) if o.code == code.trim() => {
                format!("{} {}", o.code, self.lang.pick(&o.name_zh, &o.name_en))
            }
            Some(o) => occupation_within(self.lang, code.trim(), o),
            None => code.to_owned(),
        }
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn other_lang_code(&self) -> &'static str {
        self.lang.other().code()
    }

    /// The other language's name, written in that language.
    pub fn other_lang_name(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "English",
            Lang::En => "中文",
        }
    }

    pub fn switch_href(&self) -> String {
        format!(
            "/lang/{}?next={}",
            self.other_lang_code(),
            form_urlencoded::byte_serialize(self.path.as_bytes()).collect::<String>()
        )
    }

    pub fn username(&self) -> String {
        self.user
            .as_ref()
            .map(|u| u.username.clone())
            .unwrap_or_default()
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.may_manage_users())
    }

    /// Certificates of coverage: employers see their own, officers with the capability,
    /// reviewers and administrators all.
    pub fn may_see_certificates(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| crate::service::coverage::coverage_scope(u).is_some())
    }

    /// Conventions officers and admins work on the ILO reports (the calendar is in the menu).
    pub fn may_report_conventions(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.has(hrx_domain::access::Capability::Conventions))
    }

    /// Cooperation officers and admins work on the cooperation records (partners,
    /// agreements, events, projects): the capability's home is in the menu.
    /// Whether the user may see any of the registry's people (the People menu entry).
    pub fn sees_people(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.person_scope() != hrx_domain::access::Scope::Nothing)
    }

    pub fn may_cooperate(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.has(hrx_domain::access::Capability::Cooperation))
    }

    /// Training officers and admins work on training abroad: its home is in the menu.
    pub fn may_train(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.has(hrx_domain::access::Capability::Training))
    }

    /// Officers of the international-organisations capability and admins work on
    /// vacancies, the roster and recommendations: its home is in the menu.
    pub fn may_work_intorgs(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.has(hrx_domain::access::Capability::IntOrgs))
    }

    /// Officers of the experts capability and admins work on the state awards (rounds,
    /// nominations, panels): its home is in the menu.
    pub fn may_work_awards(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.has(hrx_domain::access::Capability::Experts))
    }

    /// Reviewers score the award nominations they are drawn for: their list is in the menu.
    pub fn reviews_awards(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.role == hrx_domain::access::Role::Reviewer)
    }

    /// Mobility officers, reviewers and admins see the study records.
    pub fn may_see_students(&self) -> bool {
        self.user.as_ref().is_some_and(|u| {
            u.has(hrx_domain::access::Capability::Mobility)
                || u.role == hrx_domain::access::Role::Reviewer
        })
    }

    /// Whether the user may import any kind of file (the upload page is then in the menu).
    pub fn may_import_any(&self) -> bool {
        self.user.as_ref().is_some_and(|u| {
            hrx_domain::imports::ImportKind::ALL
                .into_iter()
                .any(|k| u.may_import(k))
        })
    }

    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }

    pub fn role_name(&self) -> String {
        self.user
            .as_ref()
            .map(|u| self.t(&format!("role-{}", u.role.code())))
            .unwrap_or_default()
    }

    pub fn country_name(&self, code: &str) -> String {
        reference()
            .country(code)
            .map_or(code, |c| self.lang.pick(&c.name_zh, &c.name_en))
            .to_owned()
    }

    pub fn province_name(&self, code: &str) -> String {
        reference()
            .province(code)
            .map_or(code, |p| self.lang.pick(&p.name_zh, &p.name_en))
            .to_owned()
    }

    /// A province or a prefecture-level city by its division code (GB/T 2260): "常州市"; a city
    /// not in `data/work-permits/localities.csv` by its province ("江苏省 (320900)").
    pub fn locality_name(&self, code: &str) -> String {
        let code = code.trim();
        if reference().province(code).is_some() {
            return self.province_name(code);
        }
        if let Some((en, zh)) = LOCALITIES.get(code) {
            return self.lang.pick(zh, en).to_owned();
        }
        match code.get(..2).map(|p| format!("{p}0000")) {
            Some(province) if reference().province(&province).is_some() => {
                format!("{} ({code})", self.province_name(&province))
            }
            _ => code.to_owned(),
        }
    }

    /// A date as the reader's language writes it.
    pub fn date(&self, iso: &str) -> String {
        match (
            self.lang,
            chrono::NaiveDate::parse_from_str(iso.get(..10).unwrap_or(iso), "%Y-%m-%d"),
        ) {
            (Lang::Zh, Ok(d)) => d.format("%Y年%-m月%-d日").to_string(),
            (Lang::En, Ok(d)) => d.format("%-d %b %Y").to_string(),
            _ => iso.to_owned(),
        }
    }

    /// A stored UTC timestamp in China Standard Time (UTC+8, no daylight saving since
    /// 1991), to the minute, with the zone named.
    pub fn datetime(&self, iso: &str) -> String {
        let Ok(utc) = chrono::DateTime::parse_from_rfc3339(iso) else {
            return iso.to_owned();
        };
        let local = utc.naive_utc() + chrono::Duration::hours(8);
        let day = local.date().to_string();
        format!(
            "{} {} {}",
            self.date(&day),
            local.format("%H:%M"),
            self.t("time-zone")
        )
    }

    pub fn countries(&self) -> Vec<(String, String)> {
        let mut list: Vec<(String, String)> = reference()
            .countries
            .iter()
            .map(|c| (c.alpha2.clone(), self.country_name(&c.alpha2)))
            .collect();
        match self.lang {
            Lang::En => list.sort_by(|a, b| a.1.cmp(&b.1)),
            // In pinyin order (data/countries-pinyin.csv), as a Chinese reader looks for a
            // name; a country without a reading after the others, by name.
            Lang::Zh => list.sort_by(|a, b| {
                let key = |code: &str| PINYIN.get(code).map_or("~", String::as_str);
                (key(&a.0), &a.1).cmp(&(key(&b.0), &b.1))
            }),
        }
        list
    }

    /// The codes of a closed list with their translations (`tk(prefix, code)`), as the
    /// options of a select.
    pub fn choices(&self, prefix: &str, codes: &[&str]) -> Vec<(String, String)> {
        codes
            .iter()
            .map(|c| ((*c).to_owned(), self.tk(prefix, c)))
            .collect()
    }

    pub fn provinces(&self) -> Vec<(String, String)> {
        reference()
            .provinces
            .iter()
            .map(|p| (p.code.clone(), self.province_name(&p.code)))
            .collect()
    }
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub ctx: Ctx,
    pub title: String,
    pub message: String,
}

pub fn render<T: Template>(status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

pub fn message(ctx: Ctx, status: StatusCode, title_key: &str, message_key: &str) -> Response {
    let page = MessagePage {
        title: ctx.t(title_key),
        message: ctx.t(message_key),
        ctx,
    };
    render(status, &page)
}

/// What a page answered before any handler runs needs: the language, and whether the demo
/// dataset is loaded (the banner is on every page, these too).
fn bare_ctx(lang: Lang, demo: bool) -> Ctx {
    Ctx {
        lang,
        csrf: String::new(),
        user: None,
        path: "/".into(),
        demo,
    }
}

pub fn csrf_failed(lang: Lang, demo: bool) -> Response {
    message(
        bare_ctx(lang, demo),
        StatusCode::FORBIDDEN,
        "csrf-title",
        "csrf-message",
    )
}

pub fn too_large(lang: Lang, demo: bool) -> Response {
    message(
        bare_ctx(lang, demo),
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-large-title",
        "too-large-message",
    )
}

/// A unit group the ISCO-08 table does not list, by the group that contains it: "1120 (属 11
/// 主管、高级官员和立法者)".
pub(crate) fn occupation_within(
    lang: Lang,
    code: &str,
    group: &hrx_domain::reference::Occupation,
) -> String {
    let title = lang.pick(&group.name_zh, &group.name_en).to_owned();
    let within = translate(
        lang,
        "occupation-within",
        &[("group", group.code.clone()), ("title", title)],
    );
    format!("{code} ({within})")
}

/// Prefecture-level cities by division code: (English name, Chinese name).
static LOCALITIES: std::sync::LazyLock<std::collections::HashMap<String, (String, String)>> =
    std::sync::LazyLock::new(|| {
        csv::Reader::from_reader(
            include_str!("../../../data/work-permits/localities.csv").as_bytes(),
        )
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            Some((
                r.get(0)?.to_owned(),
                (r.get(1)?.to_owned(), r.get(2)?.to_owned()),
            ))
        })
        .collect()
    });

/// The pinyin of each country's Chinese name (tone numbers), for sorting in Chinese.
static PINYIN: std::sync::LazyLock<std::collections::HashMap<String, String>> =
    std::sync::LazyLock::new(|| {
        csv::Reader::from_reader(include_str!("../../../data/countries-pinyin.csv").as_bytes())
            .records()
            .filter_map(Result::ok)
            .filter_map(|r| Some((r.get(0)?.to_owned(), r.get(1)?.to_owned())))
            .collect()
    });

#[cfg(test)]
mod tests {
    use super::{bare_ctx, csrf_failed, too_large, Lang};

    /// The pages answered before any handler runs carry the synthetic-data banner too.
    #[tokio::test]
    async fn the_pages_answered_before_the_handlers_show_the_demo_banner() {
        for demo in [true, false] {
            for response in [csrf_failed(Lang::En, demo), too_large(Lang::Zh, demo)] {
                let body = axum::body::to_bytes(response.into_body(), 1 << 20)
                    .await
                    .unwrap_or_default();
                let html = String::from_utf8_lossy(&body);
                assert_eq!(html.contains("class=\"demo-banner\""), demo, "{html}");
            }
        }
    }

    #[test]
    fn countries_are_in_the_order_of_the_page_language() {
        let zh = bare_ctx(Lang::Zh, false).countries();
        assert_eq!(zh.len(), 249);
        let at = |code: &str| zh.iter().position(|c| c.0 == code).unwrap_or(usize::MAX);
        // 阿尔巴尼亚 (a) before 德国 (de) before 法国 (fa) before 中国 (zhong).
        assert!(at("AL") < at("DE") && at("DE") < at("FR") && at("FR") < at("CN"));
        assert!(zh[0].1.starts_with('阿'), "{:?}", zh[0]);
        let en = bare_ctx(Lang::En, false).countries();
        assert!(en.windows(2).all(|w| w[0].1 <= w[1].1));
    }
}
