//! The charts' tests: bars add up, labels are escaped and thinned, empty charts say so.

use super::*;
use crate::svg::xmlcheck::check;

fn series() -> Vec<Series> {
    vec![
        Series {
            key: "KSDD".into(),
            name: "KSDD".into(),
            values: vec![(2021, 3), (2023, 5), (2024, 1)],
        },
        Series {
            key: "KSDPK".into(),
            name: "KSDPK".into(),
            values: vec![(2021, 2), (2022, 4), (2024, 1), (2024, 2)],
        },
        Series {
            key: "KSDPL".into(),
            name: "KSDPL".into(),
            values: vec![],
        },
        Series {
            key: "KSDLL".into(),
            name: "KSD <lain> & \"lain\"".into(),
            values: vec![(2024, 1200)],
        },
    ]
}

/// The `data-value`s of the bars, added up.
fn drawn_total(svg: &str) -> u64 {
    svg.split("data-value=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|v| v.parse::<u64>().unwrap_or(0))
        .sum()
}

#[test]
fn nice_steps() {
    assert_eq!(axis(0), (1, 1));
    assert_eq!(axis(1), (1, 1));
    assert_eq!(axis(5), (1, 5));
    assert_eq!(axis(6), (2, 6));
    assert_eq!(axis(11), (5, 15));
    assert_eq!(axis(1217), (500, 1500));
    assert!(axis(u64::MAX).1 >= u64::MAX / 2);
}

#[test]
fn stacked_bars_add_up() {
    let s = series();
    let svg = bar_chart_by_year(
        &s,
        &ChartLabels::new("per-tahun", "Kerja sama per tahun", "Menurut bentuk."),
    );
    check(&svg).unwrap_or_else(|e| panic!("{e}"));
    let input: u64 = s.iter().flat_map(|s| s.values.iter().map(|v| v.1)).sum();
    assert_eq!(drawn_total(&svg), input);
    // 2021..=2024 are all on the axis, 2022 included, and the totals are written.
    for year in ["2021", "2022", "2023", "2024"] {
        assert!(svg.contains(&format!(">{year}</text>")), "{year}");
    }
    assert!(svg.contains(">1.204</text>"), "the 2024 total");
    assert!(svg.contains("class=\"bar series-0 series-ksdd\""));
    assert!(svg.contains("class=\"bar series-3 series-ksdll\""));
    assert!(
        svg.contains("<title>KSDPK 2024: 3</title>"),
        "a year given twice is added up"
    );
    assert!(svg.contains("KSD &lt;lain&gt; &amp; &quot;lain&quot;"));
    assert!(svg.contains("rotate(-90)"));
    assert!(!svg.contains("style="));
    // The tallest bar reaches the axis maximum's share of the plot.
    assert_eq!(svg.matches("<rect class=\"bar ").count(), 7);
}

#[test]
fn table_totals_equal_the_inputs() {
    let s = series();
    let t = bar_chart_table(&s, &ChartLabels::new("t", "T", ""));
    assert_eq!(t.columns.len(), 6);
    assert_eq!(t.rows.len(), 4, "2021..=2024");
    assert_eq!(
        t.rows[1].iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
        vec!["2022", "0", "4", "0", "0", "4"]
    );
    let footer: Vec<&str> = t
        .footer
        .as_ref()
        .map(|f| f.iter().map(|c| c.text.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(footer, vec!["Total", "9", "9", "0", "1.200", "1.218"]);
    let from_rows: u64 = t
        .rows
        .iter()
        .map(|r| r[5].text.replace('.', "").parse::<u64>().unwrap_or(0))
        .sum();
    assert_eq!(from_rows, 1218);
    check(&t.to_html()).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn empty_charts() {
    let l = ChartLabels::new("kosong", "Kosong", "");
    for svg in [
        bar_chart_by_year(&[], &l),
        hbar_chart::<&str>(&[], &l),
        bar_chart_by_year(&[Series::default()], &l),
    ] {
        check(&svg).unwrap_or_else(|e| panic!("{e}"));
        assert!(svg.contains(">Belum ada data</text>"));
    }
    // Values of zero still draw an axis.
    let zero = [Series {
        key: "a".into(),
        name: "A".into(),
        values: vec![(2020, 0)],
    }];
    let svg = bar_chart_by_year(&zero, &l);
    check(&svg).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(drawn_total(&svg), 0);
    assert!(svg.contains(">2020</text>"));
}

#[test]
fn hbars() {
    let items = [
        ("Jepang", 12),
        ("Republik Demokratik Rakyat Laos yang Sangat Panjang Namanya", 3),
        ("Korea <Selatan>", 0),
    ];
    let mut l = ChartLabels::new("per-negara", "Per negara", "");
    l.x_axis = "Jumlah kerja sama".into();
    let svg = hbar_chart(&items, &l);
    check(&svg).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(drawn_total(&svg), 15);
    assert_eq!(svg.matches("<g class=\"hbar-row\">").count(), 3);
    assert!(svg.contains("<title>Republik Demokratik Rakyat Laos yang Sangat Panjang Namanya: 3</title>"));
    assert!(svg.contains(">Republik Demokratik Rakyat Laos…</text>"));
    assert!(svg.contains("Korea &lt;Selatan&gt;"));
    assert!(svg.contains("viewBox=\"0 0 720 120\""));
    let t = hbar_table(&items, &l);
    assert_eq!(t.rows.len(), 3);
    let sum: u64 = t.rows.iter().map(|r| r[1].text.parse::<u64>().unwrap_or(0)).sum();
    assert_eq!(sum, 15);
    let owned: Vec<(String, u64)> = items.iter().map(|(l, v)| ((*l).to_owned(), *v)).collect();
    assert_eq!(hbar_chart(&owned, &l), svg, "String labels draw the same");
}

#[test]
fn many_years_thin_the_labels() {
    let s = [Series {
        key: "a".into(),
        name: "A".into(),
        values: (1950..2030).map(|y| (y, 1)).collect(),
    }];
    let svg = bar_chart_by_year(&s, &ChartLabels::new("a", "A", ""));
    check(&svg).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(drawn_total(&svg), 80);
    let labels = svg
        .split("<g class=\"svg-years\"")
        .nth(1)
        .map_or(0, |g| g.matches("<text").count());
    assert!(labels < 30 && labels > 5, "{labels}");
    assert!(!svg.contains("bar-totals"), "no totals over so many bars");
}
