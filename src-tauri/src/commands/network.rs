//! The cable registry: nodes of a room, their ports, cables, trace and the
//! address template.

use crate::state::AppState;
use serde::{Deserialize, Serialize};
use simpul_core::cabling::{AddressTemplate, Cable, CableEnd, CableInput, Node, NodeInput};
use simpul_core::ApiError;
use simpul_store::{trace_text, CableDetail, CableLabel, PortView, TraceStep};
use specta::Type;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub fn nodes(state: State<'_, AppState>, room_id: Option<String>) -> Result<Vec<Node>, ApiError> {
    Ok(state.replica()?.nodes(room_id.as_deref())?)
}

#[tauri::command]
#[specta::specta]
pub fn node_save(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    input: NodeInput,
) -> Result<Node, ApiError> {
    let node = state.replica()?.save_node(&input)?;
    super::edited(&app);
    Ok(node)
}

/// A 24- or 48-port patch panel in one step.
#[tauri::command]
#[specta::specta]
pub fn panel_add(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    room_id: String,
    ports: u16,
) -> Result<Node, ApiError> {
    let node = state.replica()?.add_panel(&room_id, ports)?;
    super::edited(&app);
    Ok(node)
}

#[tauri::command]
#[specta::specta]
pub fn port_map(state: State<'_, AppState>, node_id: String) -> Result<Vec<PortView>, ApiError> {
    Ok(state.replica()?.port_map(&node_id)?)
}

/// The labels of the cables with an end in a room (or of every cable).
#[tauri::command]
#[specta::specta]
pub fn cable_labels(
    state: State<'_, AppState>,
    room_id: Option<String>,
) -> Result<Vec<CableLabel>, ApiError> {
    Ok(state.replica()?.labels(room_id.as_deref())?)
}

#[tauri::command]
#[specta::specta]
pub fn cable_save(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    input: CableInput,
) -> Result<Cable, ApiError> {
    let cable = state.replica()?.save_cable(&input)?;
    super::edited(&app);
    Ok(cable)
}

#[tauri::command]
#[specta::specta]
pub fn cable_detail(state: State<'_, AppState>, id: String) -> Result<CableDetail, ApiError> {
    Ok(state.replica()?.cable_detail(&id)?)
}

/// What a scanned or typed code opens.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scanned {
    Asset(String),
    Cable(String),
}

/// An asset tag or serial, or a cable code, typed or scanned.
#[tauri::command]
#[specta::specta]
pub fn scan(state: State<'_, AppState>, code: String) -> Result<Option<Scanned>, ApiError> {
    let r = state.replica()?;
    if let Some(id) = r.lookup_cable(&code)? {
        return Ok(Some(Scanned::Cable(id)));
    }
    Ok(r.lookup_code(&code)?.map(Scanned::Asset))
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Trace {
    pub steps: Vec<TraceStep>,
    /// The same path as printable text.
    pub text: String,
}

#[tauri::command]
#[specta::specta]
pub fn trace(state: State<'_, AppState>, node_id: String, port: u16) -> Result<Trace, ApiError> {
    let steps = state.replica()?.trace_from(&CableEnd { node_id, port })?;
    Ok(Trace {
        text: trace_text(&steps),
        steps,
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct TemplateChoice {
    pub name: String,
    pub template: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct AddressSettings {
    pub template: String,
    pub offered: Vec<TemplateChoice>,
    /// This device may change it (the template is the regency's: Diskominfo's).
    pub editable: bool,
}

fn address_settings(t: AddressTemplate, editable: bool) -> AddressSettings {
    AddressSettings {
        template: t.0,
        editable,
        offered: AddressTemplate::offered()
            .into_iter()
            .map(|(name, template)| TemplateChoice {
                name: name.into(),
                template: template.into(),
            })
            .collect(),
    }
}

#[tauri::command]
#[specta::specta]
pub fn address_template(state: State<'_, AppState>) -> Result<AddressSettings, ApiError> {
    let r = state.replica()?;
    Ok(address_settings(r.address_template()?, r.is_diskominfo()?))
}

#[tauri::command]
#[specta::specta]
pub fn address_template_set(
    state: State<'_, AppState>,
    app: tauri::AppHandle,
    template: String,
) -> Result<AddressSettings, ApiError> {
    let t = state.replica()?.set_address_template(&template)?;
    super::edited(&app);
    Ok(address_settings(t, true))
}
