"""ML2 mechanism driver for a cloud without L2 agents (tests only).

With no agent to bind them, Neutron ports end up ``binding_failed`` and Nova
cannot boot servers on networks. This driver binds every port to the first
segment offered and marks it ACTIVE. It carries no traffic.
"""
from neutron_lib import constants
from neutron_lib.api.definitions import portbindings
from neutron_lib.plugins.ml2 import api


class LoopbackMechanismDriver(api.MechanismDriver):

    def initialize(self):
        pass

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
