//! The cable registry: nodes of a room, their ports, cables, scanning, the
//! trace and the address template.

use crate::Service;
use serde::{Deserialize, Serialize};
use simpul_core::cabling::{AddressTemplate, Cable, CableEnd, CableInput, Node, NodeInput};
use simpul_core::ApiError;
use simpul_store::{trace_text, CableDetail, CableLabel, PortView, TraceStep};
use specta::Type;

/// What a scanned or typed code opens.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scanned {
    Asset(String),
    Cable(String),
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Trace {
    pub steps: Vec<TraceStep>,
    /// The same path as printable text.
    pub text: String,
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

impl Service {
    pub fn nodes(&self, room_id: Option<&str>) -> Result<Vec<Node>, ApiError> {
        Ok(self.replica()?.nodes(room_id)?)
    }

    pub fn node_save(&self, input: &NodeInput) -> Result<Node, ApiError> {
        let node = self.replica()?.save_node(input)?;
        self.edited();
        Ok(node)
    }

    /// A 24- or 48-port patch panel in one step.
    pub fn panel_add(&self, room_id: &str, ports: u16) -> Result<Node, ApiError> {
        let node = self.replica()?.add_panel(room_id, ports)?;
        self.edited();
        Ok(node)
    }

    pub fn port_map(&self, node_id: &str) -> Result<Vec<PortView>, ApiError> {
        Ok(self.replica()?.port_map(node_id)?)
    }

    /// The labels of the cables with an end in a room (or of every cable).
    pub fn cable_labels(&self, room_id: Option<&str>) -> Result<Vec<CableLabel>, ApiError> {
        Ok(self.replica()?.labels(room_id)?)
    }

    pub fn cable_save(&self, input: &CableInput) -> Result<Cable, ApiError> {
        let cable = self.replica()?.save_cable(input)?;
        self.edited();
        Ok(cable)
    }

    pub fn cable_detail(&self, id: &str) -> Result<CableDetail, ApiError> {
        Ok(self.replica()?.cable_detail(id)?)
    }

    /// An asset tag or serial, or a cable code, typed or scanned.
    pub fn scan(&self, code: &str) -> Result<Option<Scanned>, ApiError> {
        let r = self.replica()?;
        if let Some(id) = r.lookup_cable(code)? {
            return Ok(Some(Scanned::Cable(id)));
        }
        Ok(r.lookup_code(code)?.map(Scanned::Asset))
    }

    pub fn trace(&self, start: &CableEnd) -> Result<Trace, ApiError> {
        let steps = self.replica()?.trace_from(start)?;
        Ok(Trace {
            text: trace_text(&steps),
            steps,
        })
    }

    pub fn address_template(&self) -> Result<AddressSettings, ApiError> {
        let r = self.replica()?;
        let editable = r.scope()?.can_write(&simpul_core::DocId::Regency);
        Ok(address_settings(r.address_template()?, editable))
    }

    pub fn address_template_set(&self, template: &str) -> Result<AddressSettings, ApiError> {
        let t = self.replica()?.set_address_template(template)?;
        self.edited();
        Ok(address_settings(t, true))
    }

    /// How a draft template writes the example port (`DINKES.G1L2.R07.PP1:5`).
    pub fn address_example(&self, template: &str) -> Result<String, ApiError> {
        let t =
            AddressTemplate::parse(template).map_err(|e| simpul_core::ValidationErrors(vec![e]))?;
        Ok(t.example())
    }
}
