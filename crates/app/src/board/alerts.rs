//! Alerts of the opportunity board: one per offer and fitting region, raised by the jobs
//! that follow a published offer or need.

use super::*;

impl Board {
    fn offer_alert(&self, offer: &Offer, region: &RegionCode, now: time::OffsetDateTime) -> Alert {
        // The region by name: a province officer's inbox holds offers for many regions.
        let name = self
            .reference()
            .region(region)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| region.to_string());
        let from = |lang_id: bool| {
            let kind = match (offer.publisher_kind, lang_id) {
                (PublisherKind::ForeignPartner, true) => "mitra luar negeri",
                (PublisherKind::Embassy, true) => "kedutaan",
                (PublisherKind::Programme, true) => "program",
                (PublisherKind::ForeignPartner, false) => "foreign partner",
                (PublisherKind::Embassy, false) => "embassy",
                (PublisherKind::Programme, false) => "programme",
            };
            format!("{kind} {}", offer.publisher_name)
        };
        Alert {
            case_id: None,
            agreement_id: None,
            code: offer_alert_code(offer.id),
            due_on: offer.deadline,
            message_id: format!(
                "Peluang kerja sama yang cocok untuk {name}: {} ({}), tenggat {}",
                offer.title_id,
                from(true),
                offer.deadline
            ),
            message_en: format!(
                "A cooperation opportunity that fits {name}: {} ({}), deadline {}",
                offer.title_en.as_deref().unwrap_or(&offer.title_id),
                from(false),
                offer.deadline
            ),
            region_code: Some(region.clone()),
            raised_at: now,
        }
    }

    /// Raises the alerts of one offer for these regions; returns how many were new.
    async fn raise_offer_alerts(&self, ctx: &Ctx, offer: &Offer, regions: &[RegionCode]) -> AppResult<usize> {
        if regions.is_empty() {
            return Ok(0);
        }
        let mut tx = self.store.write().await?;
        let mut raised = 0;
        for region in regions {
            let alert = self.offer_alert(offer, region, ctx.now);
            let key = format!("{}:{region}", alert.code);
            raised += crate::notifications::publish::raise(tx.as_mut(), &alert, &key, false).await? as usize;
        }
        if raised > 0 {
            tx.audit()
                .append(
                    &audit::event(ctx, codes::OPPORTUNITY_NOTIFIED, "offer", offer.id).after(serde_json::json!({
                        "regions": regions.iter().map(ToString::to_string).collect::<Vec<_>>(),
                        "new_alerts": raised,
                    })),
                )
                .await?;
        }
        tx.commit().await?;
        Ok(raised)
    }

    /// The job of a published offer: alerts for every region it fits.
    pub(crate) async fn notify_offer(&self, target: &str) -> AppResult<()> {
        let ctx = crate::ctx::system(self.clock.as_ref(), "opportunities");
        let Ok(id) = target.parse::<OfferId>() else {
            return Ok(());
        };
        let offer = {
            let mut tx = self.store.read().await?;
            tx.opportunities().offer(id).await?
        };
        let Some(offer) = offer.filter(|o| o.is_open(ctx.today)) else {
            return Ok(());
        };
        let data = self.board_data(None).await?;
        let regions: Vec<RegionCode> = match_offer(&offer, &data.profiles(), None, &BoardWeights::default())
            .into_iter()
            .map(|f| f.region_code)
            .collect();
        let raised = self.raise_offer_alerts(&ctx, &offer, &regions).await?;
        tracing::info!(offer = %offer.id, regions = regions.len(), new_alerts = raised, "offer notified");
        Ok(())
    }

    /// The job of a published need: alerts for its region about the open offers it fits.
    pub(crate) async fn notify_need(&self, target: &str) -> AppResult<()> {
        let ctx = crate::ctx::system(self.clock.as_ref(), "opportunities");
        let Ok(id) = target.parse::<NeedId>() else {
            return Ok(());
        };
        let need = {
            let mut tx = self.store.read().await?;
            tx.opportunities().need(id).await?
        };
        let Some(need) = need.filter(|n| n.status == OpportunityStatus::Open) else {
            return Ok(());
        };
        let data = self.board_data(Some(&need.region_code)).await?;
        let Some(region) = data.regions.first() else {
            return Ok(());
        };
        let profile = data.profile(region);
        for offer in self.open_offers(&ctx).await? {
            if fit(&offer, &profile, None, &BoardWeights::default()).is_some_and(|f| f.needs.contains(&need.id)) {
                self.raise_offer_alerts(&ctx, &offer, std::slice::from_ref(&need.region_code))
                    .await?;
            }
        }
        Ok(())
    }
}
