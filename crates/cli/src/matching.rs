//! Partner recommendation commands: `jalin match`, `jalin import partnerships` and
//! `jalin dev eval-matching`.

use crate::commands::{open_app, report_import_error};
use crate::settings::Settings;
use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use jalin_app::AppError;
use jalin_app::recommendations::PartnershipImportOptions;
use jalin_app::recommendations::{RecommendationQuery, RegionRecommendations};
use jalin_matching::{EvalConfig, Method, Weights};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A readable table with the reasons.
    Text,
    /// A JSON array of the recommendations.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Bahasa Indonesia.
    Id,
    /// English.
    En,
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["region", "all"])))]
pub struct MatchArgs {
    /// The region's Kemendagri code (`32.73` Kota Bandung, `32` Jawa Barat).
    #[arg(long)]
    region: Option<String>,
    /// Every autonomous region (546), ranked on all cores.
    #[arg(long)]
    all: bool,
    /// How many partners to list (1–200).
    #[arg(long, default_value_t = jalin_app::recommendations::DEFAULT_TOP)]
    top: usize,
    /// Wished fields (urusan codes), comma-separated: `1.01,2.11`.
    #[arg(long, value_delimiter = ',')]
    fields: Vec<String>,
    /// Wished SDG goals or targets, comma-separated: `4,11`.
    #[arg(long, value_delimiter = ',')]
    sdgs: Vec<String>,
    /// Only places in these countries (ISO codes), comma-separated: `JP,KR`.
    #[arg(long, value_delimiter = ',')]
    country: Vec<String>,
    /// Only cities or only first-level subdivisions.
    #[arg(long)]
    kind: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
    /// The language of the text table's reasons.
    #[arg(long, value_enum, default_value = "id")]
    lang: Lang,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Known partnerships in the twin-town format (`city_a, country_a_iso2, city_b,
    /// country_b_iso2, geonameid_a, geonameid_b`), e.g. world_twinnings.csv.
    #[arg(long)]
    pairs: PathBuf,
    #[arg(long, default_value_t = 5)]
    folds: usize,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Evaluate at most this many query places per fold (a seeded sample; default: all).
    #[arg(long)]
    max_queries: Option<usize>,
    /// Recommender weights (TOML); missing keys keep their defaults.
    #[arg(long)]
    weights: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

/// A region code the application does not know, said plainly.
fn explain(e: AppError, region: &str) -> anyhow::Error {
    match e {
        AppError::NotFound(_) => anyhow::anyhow!(
            "unknown region '{region}': give a Kemendagri code such as 32.73 (Kota Bandung) or 32 (Provinsi Jawa Barat)"
        ),
        AppError::Invalid(errors) => {
            let lines: Vec<String> = errors.iter().map(|e| format!("  {}: {}", e.field, e.message)).collect();
            anyhow::anyhow!("invalid request:\n{}", lines.join("\n"))
        }
        other => anyhow::Error::new(other),
    }
}

fn decimal(x: f64, lang: Lang) -> String {
    let s = format!("{x:.3}");
    match lang {
        Lang::Id => s.replace('.', ","),
        Lang::En => s,
    }
}

fn print_text(r: &RegionRecommendations, region_name: &str, lang: Lang) {
    match lang {
        Lang::Id => println!(
            "Calon mitra luar negeri untuk {region_name} ({}): {} dari {} tempat",
            r.region_code,
            r.items.len(),
            r.total
        ),
        Lang::En => println!(
            "Foreign partner suggestions for {region_name} ({}): {} of {} places",
            r.region_code,
            r.items.len(),
            r.total
        ),
    }
    for item in &r.items {
        let id = match (&item.subdivision_code, item.geonameid) {
            (Some(code), _) => code.to_string(),
            (None, Some(g)) => format!("geonameid {g}"),
            _ => String::new(),
        };
        let place = match &item.admin1_name {
            Some(a) => format!("{}, {a}, {}", item.name, item.country_iso2),
            None => format!("{}, {}", item.name, item.country_iso2),
        };
        let score = match lang {
            Lang::Id => "skor",
            Lang::En => "score",
        };
        println!(
            "{:>3}. {place}  [{}; {id}]  {score} {}",
            item.rank,
            item.kind.as_str(),
            decimal(item.score, lang)
        );
        for reason in &item.reasons {
            let text = match lang {
                Lang::Id => &reason.text_id,
                Lang::En => &reason.text_en,
            };
            println!("       {:>7}  {text}", decimal(reason.weight, lang));
        }
    }
}

pub async fn run_match(settings: &Settings, args: MatchArgs) -> anyhow::Result<()> {
    let app = open_app(settings).await?;
    let ctx = app.system_ctx("match");
    let query = RecommendationQuery {
        top: Some(args.top),
        fields: args.fields,
        sdgs: args.sdgs,
        countries: args.country,
        kind: args.kind,
    };
    let region_name = |r: &RegionRecommendations| {
        app.reference
            .snapshot()
            .region(&r.region_code)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    let Some(region) = args.region.filter(|_| !args.all) else {
        let started = std::time::Instant::now();
        app.recommendations.warm_matching().await?;
        let loaded = started.elapsed();
        let started = std::time::Instant::now();
        let all = app
            .recommendations
            .recommend_partners_for_all(&ctx, &query)
            .await
            .map_err(|e| explain(e, "all"))?;
        let elapsed = started.elapsed();
        match args.format {
            OutputFormat::Json => {
                let out: Vec<serde_json::Value> = all
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "region_code": r.region_code,
                            "region_name": region_name(r),
                            "items": r.items,
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&out)?);
            }
            OutputFormat::Text => {
                for r in &all {
                    print_text(r, &region_name(r), args.lang);
                }
            }
        }
        eprintln!(
            "ranked partners for {} regions in {:.2} s (candidate pool and network loaded in {:.2} s)",
            all.len(),
            elapsed.as_secs_f64(),
            loaded.as_secs_f64()
        );
        return Ok(());
    };
    let result = app
        .recommendations
        .recommend_partners(&ctx, &region, &query)
        .await
        .map_err(|e| explain(e, &region))?;
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&result.items)?),
        OutputFormat::Text => print_text(&result, &region_name(&result), args.lang),
    }
    Ok(())
}

pub async fn import_partnerships(settings: &Settings, file: &Path, strict: bool, dry_run: bool) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let app = open_app(settings).await?;
    let ctx = app.system_ctx("import");
    let options = PartnershipImportOptions {
        strict,
        dry_run,
        source: file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.display().to_string()),
    };
    let report = app
        .recommendations
        .import_partnerships(&ctx, &bytes, &options)
        .await
        .map_err(report_import_error)?;
    if dry_run {
        for r in &report.resolved {
            let p = &r.partnership;
            let place = match (&p.subdivision_code, p.geonameid) {
                (Some(code), _) => format!("subdivision {code}"),
                (None, Some(id)) => format!("city {id}"),
                _ => String::new(),
            };
            println!(
                "row {}: {} ↔ {} ({place}, {}){}",
                r.row,
                p.region_code,
                p.name,
                p.country_iso2,
                if r.known { " — already known" } else { "" }
            );
        }
    }
    for e in &report.unresolved {
        eprintln!("{e}");
    }
    let unresolved_rows: std::collections::BTreeSet<usize> = report.unresolved.iter().map(|e| e.row).collect();
    println!(
        "{}{} of {} row(s) resolved: {} new partnership(s), {} already known; {} row(s) unresolved{}{}",
        if dry_run { "dry run: " } else { "" },
        report.resolved.len(),
        report.rows,
        report.inserted,
        report.already_known,
        unresolved_rows.len(),
        if unresolved_rows.is_empty() {
            ""
        } else {
            " (listed on standard error)"
        },
        if dry_run { "; nothing was written" } else { "" },
    );
    Ok(())
}

pub async fn eval_matching(settings: &Settings, args: EvalArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.pairs).with_context(|| format!("cannot read {}", args.pairs.display()))?;
    let pairs = jalin_refdata::read_twinnings(&args.pairs.display().to_string(), &bytes)?;
    if pairs.is_empty() {
        bail!("{} holds no pairs", args.pairs.display());
    }
    if args.folds < 2 {
        bail!("--folds must be at least 2");
    }
    let weights: Weights = match &args.weights {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            toml::from_str(&text).with_context(|| format!("{}: not valid recommender weights", path.display()))?
        }
        None => Weights::default(),
    };
    let app = open_app(settings).await?;
    let ctx = app.system_ctx("eval-matching");
    let config = EvalConfig {
        folds: args.folds,
        seed: args.seed,
        max_queries_per_fold: args.max_queries.filter(|&m| m > 0),
        both_directions: true,
        record_pairs: false,
    };
    let started = std::time::Instant::now();
    let (report, stats) = app
        .recommendations
        .evaluate_matching(&ctx, pairs, config, weights)
        .await?;
    let elapsed = started.elapsed();
    let model = report.metrics(Method::Model);
    let (best, best_metrics) = report.best_baseline();
    let ratio = model.hit_at_50() / best_metrics.hit_at_50().max(1e-12);
    match args.format {
        OutputFormat::Json => {
            let out = serde_json::json!({
                "graph": stats,
                "report": report,
                "best_baseline": best.as_str(),
                "hit_at_50_ratio": ratio,
                "seconds": elapsed.as_secs_f64(),
            });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        OutputFormat::Text => {
            println!(
                "graph: {} partnerships between {} places ({} pairs without two resolved places, {} self-pairs, {} duplicates)",
                stats.edges, stats.nodes, stats.skipped_unresolved, stats.skipped_self, stats.duplicates
            );
            print!("{}", report.to_markdown());
            println!(
                "model hit@50 / best baseline ({}) hit@50 = {ratio:.2}× (target ≥ 3×); evaluated in {:.1} s",
                best.as_str(),
                elapsed.as_secs_f64()
            );
        }
    }
    Ok(())
}
