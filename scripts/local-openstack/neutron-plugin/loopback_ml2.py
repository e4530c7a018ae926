"""ML2 mechanism driver for a cloud without L2 agents (tests only).

With no agent to bind them, Neutron ports end up ``binding_failed`` and Nova
cannot boot servers on networks. This driver binds every port to the first
segment offered and marks it ACTIVE. It carries no traffic.

The QoS service plugin accepts a rule only when a loaded QoS driver supports
it, and the drivers come with agents; this one declares the common rule types
so that policies can be created and attached (nothing enforces them).
"""
from neutron_lib import constants
from neutron_lib.api.definitions import portbindings
from neutron_lib.db import constants as db_constants
from neutron_lib.plugins.ml2 import api
from neutron_lib.services.qos import base as qos_base
from neutron_lib.services.qos import constants as qos_constants

_RATE = {"type:range": [0, db_constants.DB_INTEGER_MAX_VALUE]}
_DIRECTION = {"type:values": constants.VALID_DIRECTIONS}
QOS_RULES = {
    qos_constants.RULE_TYPE_BANDWIDTH_LIMIT: {
        qos_constants.MAX_KBPS: _RATE,
        qos_constants.MAX_BURST: _RATE,
        qos_constants.DIRECTION: _DIRECTION,
    },
    qos_constants.RULE_TYPE_PACKET_RATE_LIMIT: {
        qos_constants.MAX_KPPS: _RATE,
        qos_constants.MAX_BURST_KPPS: _RATE,
        qos_constants.DIRECTION: _DIRECTION,
    },
    qos_constants.RULE_TYPE_DSCP_MARKING: {
        qos_constants.DSCP_MARK: {"type:values": constants.VALID_DSCP_MARKS},
    },
}

# made once: the instance registers itself with the QoS plugin when that starts
_QOS_DRIVER = None


def _register_qos_driver():
    global _QOS_DRIVER
    if _QOS_DRIVER is None:
        _QOS_DRIVER = qos_base.DriverBase(
            name="loopback",
            vif_types=[portbindings.VIF_TYPE_OVS],
            vnic_types=[portbindings.VNIC_NORMAL],
            supported_rules=QOS_RULES,
            requires_rpc_notifications=False,
        )


class LoopbackMechanismDriver(api.MechanismDriver):

    def initialize(self):
        _register_qos_driver()

    @property
    def connectivity(self):
        return portbindings.CONNECTIVITY_L2

    def check_vlan_transparency(self, context):
        return True

    def bind_port(self, context):
        segments = list(context.segments_to_bind)
        if not segments:
            return
        context.set_binding(
            segments[0][api.ID],
            portbindings.VIF_TYPE_OVS,
            {portbindings.CAP_PORT_FILTER: True, portbindings.OVS_HYBRID_PLUG: False},
            status=constants.PORT_STATUS_ACTIVE,
        )
