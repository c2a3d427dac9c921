//! The cable registry: nodes of a room, their ports, cables, trace and the
//! address template.

use super::Svc;
use simpul_core::cabling::{Cable, CableEnd, CableInput, Node, NodeInput};
use simpul_core::ApiError;
use simpul_service::ops::network::{AddressSettings, Scanned, Trace};
use simpul_store::{CableDetail, CableLabel, PortView};

#[tauri::command]
#[specta::specta]
pub fn nodes(svc: Svc<'_>, room_id: Option<String>) -> Result<Vec<Node>, ApiError> {
    svc.nodes(room_id.as_deref())
}

#[tauri::command]
#[specta::specta]
pub fn node_save(svc: Svc<'_>, input: NodeInput) -> Result<Node, ApiError> {
    svc.node_save(&input)
}

/// A 24- or 48-port patch panel in one step.
#[tauri::command]
#[specta::specta]
pub fn panel_add(svc: Svc<'_>, room_id: String, ports: u16) -> Result<Node, ApiError> {
    svc.panel_add(&room_id, ports)
}

#[tauri::command]
#[specta::specta]
pub fn port_map(svc: Svc<'_>, node_id: String) -> Result<Vec<PortView>, ApiError> {
    svc.port_map(&node_id)
}

/// The labels of the cables with an end in a room (or of every cable).
#[tauri::command]
#[specta::specta]
pub fn cable_labels(svc: Svc<'_>, room_id: Option<String>) -> Result<Vec<CableLabel>, ApiError> {
    svc.cable_labels(room_id.as_deref())
}

#[tauri::command]
#[specta::specta]
pub fn cable_save(svc: Svc<'_>, input: CableInput) -> Result<Cable, ApiError> {
    svc.cable_save(&input)
}

#[tauri::command]
#[specta::specta]
pub fn cable_detail(svc: Svc<'_>, id: String) -> Result<CableDetail, ApiError> {
    svc.cable_detail(&id)
}

/// An asset tag or serial, or a cable code, typed or scanned.
#[tauri::command]
#[specta::specta]
pub fn scan(svc: Svc<'_>, code: String) -> Result<Option<Scanned>, ApiError> {
    svc.scan(&code)
}

#[tauri::command]
#[specta::specta]
pub fn trace(svc: Svc<'_>, node_id: String, port: u16) -> Result<Trace, ApiError> {
    svc.trace(&CableEnd { node_id, port })
}

#[tauri::command]
#[specta::specta]
pub fn address_template(svc: Svc<'_>) -> Result<AddressSettings, ApiError> {
    svc.address_template()
}

#[tauri::command]
#[specta::specta]
pub fn address_template_set(svc: Svc<'_>, template: String) -> Result<AddressSettings, ApiError> {
    svc.address_template_set(&template)
}

/// How a draft template writes the example port.
#[tauri::command]
#[specta::specta]
pub fn address_example(svc: Svc<'_>, template: String) -> Result<String, ApiError> {
    svc.address_example(&template)
}
