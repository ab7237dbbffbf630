//! What handlers receive: the application's services and the web settings. A handler
//! extracts only the service it needs, e.g. `State(registry): State<Arc<Registry>>`.

use crate::AppState;
use axum::extract::FromRef;
use jalin_app::accounts::Accounts;
use jalin_app::audit::Audit;
use jalin_app::board::Board;
use jalin_app::cases::Cases;
use jalin_app::monitoring::Monitoring;
use jalin_app::recommendations::Recommendations;
use jalin_app::reference::Reference;
use jalin_app::registry::Registry;
use jalin_app::search::Search;
use std::sync::Arc;

macro_rules! service_from_state {
    ($($service:ty => $field:ident),* $(,)?) => {
        $(impl FromRef<AppState> for Arc<$service> {
            fn from_ref(state: &AppState) -> Self {
                state.app.$field.clone()
            }
        })*
    };
}

service_from_state! {
    Reference => reference,
    Registry => registry,
    Cases => cases,
    Accounts => accounts,
    Audit => audit,
    Search => search,
    Board => board,
    Recommendations => recommendations,
    Monitoring => monitoring,
}
