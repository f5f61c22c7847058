package org.kfm.breakglass.kube.target;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Which port of a Service a target means. */
sealed interface PortChoice {

    Optional<ServicePort> pick(Service service);

    /** As the operator typed it: the Service port's number or name. */
    record Exact(String port) implements PortChoice {
        @Override
        public Optional<ServicePort> pick(Service service) {
            var ports = ports(service);
            if (!port.isEmpty() && port.chars().allMatch(Character::isDigit)) {
                int n = Integer.parseInt(port);
                return ports.stream()
                        .filter(p -> Objects.equals(p.getPort(), n))
                        .findFirst();
            }
            return ports.stream().filter(p -> port.equals(p.getName())).findFirst();
        }
    }

    /** An operator's Service: the port with the operator's name, else 5432, else the only port. */
    record Convention(String name) implements PortChoice {
        @Override
        public Optional<ServicePort> pick(Service service) {
            var ports = ports(service);
            return ports.stream()
                    .filter(p -> name.equals(p.getName()))
                    .findFirst()
                    .or(() -> ports.stream()
                            .filter(p -> Objects.equals(p.getPort(), 5432))
                            .findFirst())
                    .or(() -> ports.size() == 1 ? Optional.of(ports.getFirst()) : Optional.empty());
        }
    }

    /** The same port on another Service: by name when it has one, else by number. */
    static PortChoice sameAs(ServicePort port) {
        return port.getName() == null || port.getName().isEmpty()
                ? new Exact(String.valueOf(port.getPort()))
                : new Exact(port.getName());
    }

    static List<ServicePort> ports(Service service) {
        return service.getSpec() == null || service.getSpec().getPorts() == null
                ? List.of()
                : service.getSpec().getPorts();
    }

    static String describePorts(Service service) {
        var ports = ports(service);
        return ports.isEmpty()
                ? "no ports"
                : ports.stream()
                        .map(p -> p.getPort() + (p.getName() == null ? "" : " (" + p.getName() + ")"))
                        .toList()
                        .toString();
    }
}
