//! The two-sided evaluation of an agreement: a rubric of five criteria scored 1–5 with a
//! comment, filed once by the Indonesian region and once by the foreign partner, each side
//! ending in a recommendation (continue, expand, end) with its justification. A round (one
//! per agreement and year) is complete when both sides filed; the next renewal case shows
//! the latest round.

use crate::FieldErrors;
use crate::code_enum::code_enum;
use crate::ids::{AgreementId, EvaluationRoundId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

code_enum!(
    /// A criterion of the evaluation rubric.
    Criterion {
        Efficiency = "efficiency",
        Effectiveness = "effectiveness",
        MutualBenefit = "mutual_benefit",
        Sustainability = "sustainability",
        PeopleToPeople = "people_to_people",
    }
);

impl Criterion {
    pub fn label_id(&self) -> &'static str {
        match self {
            Self::Efficiency => "Efisiensi",
            Self::Effectiveness => "Efektivitas",
            Self::MutualBenefit => "Saling menguntungkan",
            Self::Sustainability => "Keberlanjutan",
            Self::PeopleToPeople => "Hubungan antarmasyarakat",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Self::Efficiency => "Efficiency",
            Self::Effectiveness => "Effectiveness",
            Self::MutualBenefit => "Mutual benefit",
            Self::Sustainability => "Sustainability",
            Self::PeopleToPeople => "People-to-people ties",
        }
    }

    /// What the criterion asks, for the form.
    pub fn question_id(&self) -> &'static str {
        match self {
            Self::Efficiency => "Apakah hasil sepadan dengan biaya dan tenaga yang dikeluarkan?",
            Self::Effectiveness => "Apakah tujuan dan rencana aksi kerja sama tercapai?",
            Self::MutualBenefit => "Apakah kedua pihak memperoleh manfaat yang seimbang?",
            Self::Sustainability => "Apakah hasilnya akan bertahan tanpa dukungan tambahan?",
            Self::PeopleToPeople => "Apakah kerja sama mempererat hubungan antarwarga, pelajar, pelaku usaha?",
        }
    }

    pub fn question_en(&self) -> &'static str {
        match self {
            Self::Efficiency => "Were the results worth the money and effort spent?",
            Self::Effectiveness => "Were the cooperation's goals and action plan achieved?",
            Self::MutualBenefit => "Did both sides benefit in a balanced way?",
            Self::Sustainability => "Will the results last without further support?",
            Self::PeopleToPeople => "Did the cooperation bring citizens, students and businesses closer?",
        }
    }
}

code_enum!(
    /// Who files one half of an evaluation round.
    Side {
        /// The Indonesian region (its cooperation officer or approver).
        Region = "region",
        /// The foreign partner, through guest access.
        Partner = "partner",
    }
);

impl Side {
    pub fn label_id(&self) -> &'static str {
        match self {
            Self::Region => "Daerah",
            Self::Partner => "Mitra",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Self::Region => "Region",
            Self::Partner => "Partner",
        }
    }
}

code_enum!(
    /// A side's overall recommendation.
    Recommendation {
        Continue = "continue",
        Expand = "expand",
        End = "end",
    }
);

impl Recommendation {
    pub fn label_id(&self) -> &'static str {
        match self {
            Self::Continue => "Lanjutkan",
            Self::Expand => "Perluas",
            Self::End => "Akhiri",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            Self::Continue => "Continue",
            Self::Expand => "Expand",
            Self::End => "End",
        }
    }
}

/// The lowest and highest score of a criterion.
pub const SCORE_RANGE: std::ops::RangeInclusive<u8> = 1..=5;
/// The longest comment or justification.
pub const MAX_TEXT: usize = 4000;

/// One criterion's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Score {
    pub criterion: Criterion,
    /// 1 (poor) to 5 (excellent).
    pub score: u8,
    pub comment: Option<String>,
}

/// One side's filed half of a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FiledSide {
    pub side: Side,
    /// One per criterion, in rubric order.
    pub scores: Vec<Score>,
    pub recommendation: Recommendation,
    pub justification: String,
    /// The language the side was filed in (`id` or `en`).
    pub language: String,
    pub filed_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub filed_at: OffsetDateTime,
}

impl FiledSide {
    /// The mean score, one decimal.
    pub fn mean(&self) -> f64 {
        if self.scores.is_empty() {
            return 0.0;
        }
        let sum: u32 = self.scores.iter().map(|s| u32::from(s.score)).sum();
        (f64::from(sum) / self.scores.len() as f64 * 10.0).round() / 10.0
    }

    pub fn score_of(&self, c: Criterion) -> Option<u8> {
        self.scores.iter().find(|s| s.criterion == c).map(|s| s.score)
    }
}

/// One round of an agreement's evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationRound {
    pub id: EvaluationRoundId,
    pub agreement_id: AgreementId,
    /// The year evaluated.
    pub year: i32,
    pub opened_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub opened_at: OffsetDateTime,
    pub region: Option<FiledSide>,
    pub partner: Option<FiledSide>,
}

impl EvaluationRound {
    /// Complete once both sides filed; a complete round is closed to changes.
    pub fn is_complete(&self) -> bool {
        self.region.is_some() && self.partner.is_some()
    }

    pub fn side(&self, side: Side) -> Option<&FiledSide> {
        match side {
            Side::Region => self.region.as_ref(),
            Side::Partner => self.partner.as_ref(),
        }
    }
}

/// One side's evaluation as a form or a client sends it: a score (1–5) and an optional
/// comment per criterion, the recommendation and its justification.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationInput {
    pub efficiency: Option<String>,
    pub efficiency_comment: Option<String>,
    pub effectiveness: Option<String>,
    pub effectiveness_comment: Option<String>,
    pub mutual_benefit: Option<String>,
    pub mutual_benefit_comment: Option<String>,
    pub sustainability: Option<String>,
    pub sustainability_comment: Option<String>,
    pub people_to_people: Option<String>,
    pub people_to_people_comment: Option<String>,
    /// `continue`, `expand` or `end`.
    pub recommendation: Option<String>,
    pub justification: Option<String>,
}

impl EvaluationInput {
    fn raw(&self, c: Criterion) -> (Option<&str>, Option<&str>) {
        let (s, m) = match c {
            Criterion::Efficiency => (&self.efficiency, &self.efficiency_comment),
            Criterion::Effectiveness => (&self.effectiveness, &self.effectiveness_comment),
            Criterion::MutualBenefit => (&self.mutual_benefit, &self.mutual_benefit_comment),
            Criterion::Sustainability => (&self.sustainability, &self.sustainability_comment),
            Criterion::PeopleToPeople => (&self.people_to_people, &self.people_to_people_comment),
        };
        (s.as_deref(), m.as_deref())
    }

    /// The scores, recommendation and justification, or every field's error.
    pub fn parse(&self) -> Result<(Vec<Score>, Recommendation, String), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut scores = Vec::new();
        for c in Criterion::ALL {
            let (score, comment) = self.raw(*c);
            let field = c.as_str();
            match crate::text::non_empty(score) {
                None => errors.push(field, "required", format!("score {field} from 1 to 5")),
                Some(s) => match s.parse::<u8>() {
                    Ok(n) if SCORE_RANGE.contains(&n) => scores.push(Score {
                        criterion: *c,
                        score: n,
                        comment: crate::text::non_empty(comment),
                    }),
                    _ => errors.push(field, "out_of_range", format!("'{s}' is not a score from 1 to 5")),
                },
            }
            errors.check_max_chars(&format!("{field}_comment"), comment, MAX_TEXT);
        }
        let recommendation = match crate::text::non_empty(self.recommendation.as_deref()) {
            None => {
                errors.push("recommendation", "required", "continue, expand or end");
                None
            }
            Some(r) => errors.take("recommendation", r.parse::<Recommendation>()),
        };
        let justification = errors.required("justification", self.justification.as_deref());
        errors.check_max_chars("justification", self.justification.as_deref(), MAX_TEXT);
        let (Some(recommendation), Some(justification)) = (recommendation, justification) else {
            return Err(errors);
        };
        errors.finish((scores, recommendation, justification))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> EvaluationInput {
        EvaluationInput {
            efficiency: Some("4".into()),
            effectiveness: Some("3".into()),
            effectiveness_comment: Some("Half the plan happened".into()),
            mutual_benefit: Some("5".into()),
            sustainability: Some("2".into()),
            people_to_people: Some("4".into()),
            recommendation: Some("expand".into()),
            justification: Some("Student exchanges work".into()),
            ..EvaluationInput::default()
        }
    }

    #[test]
    fn a_full_input_parses_in_rubric_order() {
        let (scores, rec, just) = full().parse().unwrap();
        assert_eq!(scores.len(), 5);
        assert_eq!(scores[0].criterion, Criterion::Efficiency);
        assert_eq!(scores[1].comment.as_deref(), Some("Half the plan happened"));
        assert_eq!(rec, Recommendation::Expand);
        assert_eq!(just, "Student exchanges work");
    }

    #[test]
    fn scores_outside_one_to_five_and_missing_fields_are_refused() {
        let mut input = full();
        input.sustainability = Some("6".into());
        input.efficiency = None;
        input.recommendation = Some("pause".into());
        input.justification = Some("  ".into());
        let errors = input.parse().unwrap_err();
        let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert!(fields.contains(&("sustainability", "out_of_range")), "{fields:?}");
        assert!(fields.contains(&("efficiency", "required")), "{fields:?}");
        assert!(fields.contains(&("recommendation", "invalid_choice")), "{fields:?}");
        assert!(fields.contains(&("justification", "required")), "{fields:?}");
    }

    #[test]
    fn a_round_is_complete_with_both_sides() {
        let side = |side| FiledSide {
            side,
            scores: vec![Score {
                criterion: Criterion::Efficiency,
                score: 3,
                comment: None,
            }],
            recommendation: Recommendation::Continue,
            justification: "ok".into(),
            language: "id".into(),
            filed_by: "x".into(),
            filed_at: OffsetDateTime::UNIX_EPOCH,
        };
        let mut round = EvaluationRound {
            id: EvaluationRoundId::new(),
            agreement_id: AgreementId::new(),
            year: 2026,
            opened_by: "x".into(),
            opened_at: OffsetDateTime::UNIX_EPOCH,
            region: Some(side(Side::Region)),
            partner: None,
        };
        assert!(!round.is_complete());
        round.partner = Some(side(Side::Partner));
        assert!(round.is_complete());
        assert_eq!(round.side(Side::Partner).map(FiledSide::mean), Some(3.0));
    }
}
