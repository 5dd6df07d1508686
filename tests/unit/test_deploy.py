"""The deployment files (deploy/, .dockerignore) parse and say what production needs.

No container is started: each check is a function that returns the problems it finds, run once on
the real files (expecting none) and once on a broken copy (expecting the problem), so that every
check is shown to be able to fail.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from shared import registry
from shared.kafka import CONTRACT_TOPICS
from shared.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
COMPOSE = DEPLOY / "compose.yaml"
DOCKERFILE = DEPLOY / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
TOPICS_SCRIPT = DEPLOY / "init" / "kafka-topics.sh"
MONGO_INIT = DEPLOY / "init" / "mongo-replica-set.js"

SETTINGS_ENV = {name.upper() for name in Settings.model_fields}
# Variables a container may carry that are not ours: the interpreter's and the shell's.
FOREIGN_ENV = {"PATH", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"}
# HTTP services and the setting of their port; workers: Kafka consumers with an internal health
# port, and the service whose database they use.
# Read from the registry: a new service without its manifest fails these checks.
SERVICES = {"gateway": "PORT", **{s.name: f"{s.env}_PORT" for s in registry.SERVICES}}
WORKERS = {worker.name: service.name for service, worker in registry.workers()}
WORKER_PORTS = {worker.name: f"{worker.env}_PORT" for _service, worker in registry.workers()}
# The gateway's readiness probe asks for its own readiness only: /readyz needs every service, and
# one service rolling out must not take every gateway out of the load balancer.
READINESS_PATH = {"gateway": "/readyz/self"}
ALL_TOPICS = set(CONTRACT_TOPICS) | {f"{t}.dlq" for t in CONTRACT_TOPICS}


def load_all(path: Path) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc is not None]


def yaml_files() -> list[Path]:
    return sorted(p for ext in ("*.yaml", "*.yml") for p in DEPLOY.rglob(ext))


def manifests(directory: Path = K8S) -> list[dict]:
    """The Kubernetes objects of the files a kustomization in `directory` lists."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    return [doc for name in kustomization["resources"] for doc in load_all(directory / name)]


def of_kind(docs: list[dict], kind: str) -> list[dict]:
    return [d for d in docs if d.get("kind") == kind]


def containers(deployment: dict) -> list[dict]:
    return deployment["spec"]["template"]["spec"]["containers"]


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def app_services(spec: dict) -> dict[str, dict]:
    """Compose services that run our image (the others are Kafka, MongoDB and their init jobs)."""
    return {
        name: svc
        for name, svc in spec["services"].items()
        if "build" in svc or str(svc.get("image", "")).startswith("oecherlab/")
    }


def interpolate(value: str) -> str | None:
    """A compose value with ${VAR:-default} resolved to its default; None if it has no default."""
    unresolved = False

    def sub(match: re.Match) -> str:
        nonlocal unresolved
        default = match.group(2)
        if default is None:
            unresolved = True
            return ""
        return default

    resolved = re.sub(r"\$\{(\w+)(?::-([^}]*))?\}", sub, value)
    return None if unresolved else resolved


# --- checks ---------------------------------------------------------------------------------


def image_problems(image: str | None, where: str) -> list[str]:
    """An image must name a version: a tag other than latest, or a digest."""
    if not image:
        return [f"{where}: no image"]
    resolved = interpolate(image)
    if resolved is None:
        return [f"{where}: {image} has no default version"]
    if "@sha256:" in resolved:
        return []
    name, _, tag = resolved.rpartition(":")
    if not name or "/" in tag:
        return [f"{where}: {image} has no tag"]
    if tag == "latest" or not re.search(r"\d", tag):
        return [f"{where}: {image} is not pinned to a version"]
    return []


def deployment_problems(dep: dict) -> list[str]:
    """Probes on the right paths, non-root, read-only, limited, no service links."""
    name = dep["metadata"]["name"]
    pod = dep["spec"]["template"]["spec"]
    problems = []
    if pod.get("enableServiceLinks") is not False:
        problems.append(f"{name}: enableServiceLinks must be false (IDEAS_PORT=tcp://… clashes)")
    if pod.get("automountServiceAccountToken") is not False:
        problems.append(f"{name}: automountServiceAccountToken should be false")
    pod_sc = pod.get("securityContext") or {}
    if pod_sc.get("runAsNonRoot") is not True:
        problems.append(f"{name}: pod securityContext.runAsNonRoot is not true")
    if not isinstance(pod_sc.get("runAsUser"), int) or pod_sc["runAsUser"] == 0:
        problems.append(f"{name}: pod securityContext.runAsUser must be a non-zero uid")
    labels = dep["spec"]["template"]["metadata"]["labels"]
    if dep["spec"]["selector"]["matchLabels"].items() - labels.items():
        problems.append(f"{name}: selector does not match the pod labels")
    for c in pod["containers"]:
        where = f"{name}/{c['name']}"
        problems += image_problems(c.get("image"), where)
        ports = {p.get("name") for p in c.get("ports", [])} | {
            p["containerPort"] for p in c.get("ports", [])
        }
        ready = READINESS_PATH.get(name, "/readyz")
        http_probes = (("readinessProbe", ready), ("livenessProbe", "/healthz"))
        if name in WORKERS:
            # A stuck consumer is alive but useless: its liveness asks for readiness.
            http_probes = (("readinessProbe", "/readyz"), ("livenessProbe", "/readyz"))
        for probe, path in http_probes:
            get = (c.get(probe) or {}).get("httpGet") or {}
            if get.get("path") != path:
                problems.append(f"{where}: {probe} must GET {path}, has {get.get('path')}")
            elif get.get("port") not in ports:
                problems.append(f"{where}: {probe} port {get.get('port')} is not a container port")
        sc = c.get("securityContext") or {}
        if sc.get("allowPrivilegeEscalation") is not False:
            problems.append(f"{where}: allowPrivilegeEscalation is not false")
        if sc.get("readOnlyRootFilesystem") is not True:
            problems.append(f"{where}: readOnlyRootFilesystem is not true")
        if "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []):
            problems.append(f"{where}: capabilities are not all dropped")
        if sc.get("runAsUser") == 0 or sc.get("runAsNonRoot") is False:
            problems.append(f"{where}: container runs as root")
        resources = c.get("resources") or {}
        for kind in ("requests", "limits"):
            if "memory" not in (resources.get(kind) or {}):
                problems.append(f"{where}: no memory {kind}")
        if "cpu" not in (resources.get("requests") or {}):
            problems.append(f"{where}: no cpu request")
    return problems


def k8s_env_problems(docs: list[dict], secrets: list[dict]) -> list[str]:
    """Every variable a container gets is a setting; every ConfigMap and Secret it reads exists."""
    problems = []
    configmaps = {d["metadata"]["name"]: d.get("data", {}) for d in of_kind(docs, "ConfigMap")}
    secret_keys = {
        d["metadata"]["name"]: set((d.get("stringData") or {}) | (d.get("data") or {}))
        for d in secrets
    }
    for dep in of_kind(docs, "Deployment"):
        pod = dep["spec"]["template"]["spec"]
        for c in pod["containers"]:
            where = f"{dep['metadata']['name']}/{c['name']}"
            names = []
            for source in c.get("envFrom", []):
                ref = source.get("configMapRef", {}).get("name")
                if ref not in configmaps:
                    problems.append(f"{where}: envFrom ConfigMap {ref} does not exist")
                else:
                    names += list(configmaps[ref])
            for var in c.get("env", []):
                names.append(var["name"])
                ref = (var.get("valueFrom") or {}).get("secretKeyRef")
                if ref and ref.get("key") not in secret_keys.get(ref["name"], set()):
                    problems.append(f"{where}: secret {ref['name']}/{ref.get('key')} is unknown")
            problems += [
                f"{where}: {n} is not a field of shared.settings.Settings"
                for n in names
                if n not in SETTINGS_ENV
            ]
        for volume in pod.get("volumes", []):
            secret = (volume.get("secret") or {}).get("secretName")
            if secret and secret not in secret_keys:
                problems.append(f"{dep['metadata']['name']}: secret volume {secret} is unknown")
    return problems


def wiring_problems(docs: list[dict]) -> list[str]:
    """Ports, Services and the URLs in the ConfigMap fit together."""
    problems = []
    settings = {}
    for cm in of_kind(docs, "ConfigMap"):
        settings |= cm.get("data", {})
    services = {s["metadata"]["name"]: s for s in of_kind(docs, "Service")}
    deployments = {d["metadata"]["name"]: d for d in of_kind(docs, "Deployment")}
    if set(deployments) != set(SERVICES) | set(WORKERS):
        problems.append(f"deployments {sorted(deployments)} != {sorted(SERVICES | WORKERS)}")
    for worker, owner in WORKERS.items():
        env = containers(deployments[worker])[0].get("env", []) if worker in deployments else []
        refs = [(v.get("valueFrom") or {}).get("secretKeyRef", {}).get("key") for v in env]
        if f"{owner}-uri" not in refs:
            problems.append(f"{worker}: must use the database URI of {owner}")
    for name, port_var in SERVICES.items():
        dep, svc = deployments.get(name), services.get(name)
        if dep is None or svc is None:
            problems.append(f"{name}: Deployment or Service missing")
            continue
        c = containers(dep)[0]
        env = {v["name"]: v.get("value") for v in c.get("env", [])}
        port = int(env.get(port_var) or Settings.model_fields[port_var.lower()].default)
        if port not in [p["containerPort"] for p in c.get("ports", [])]:
            problems.append(f"{name}: listens on {port} ({port_var}) but declares another port")
        if svc["spec"]["selector"].items() - dep["spec"]["template"]["metadata"]["labels"].items():
            problems.append(f"{name}: Service selector does not match the pods")
        if port not in [p["port"] for p in svc["spec"]["ports"]]:
            problems.append(f"{name}: Service does not offer port {port}")
    if settings.get("HOST") != "0.0.0.0":
        problems.append("HOST must be 0.0.0.0 inside a pod")
    if "gateway" in deployments:
        pod = deployments["gateway"]["spec"]["template"]["spec"]
        c = pod["containers"][0]
        key_dir = {v["name"]: v.get("value") for v in c.get("env", [])}.get("KEY_DIR")
        kept = {
            v["name"]
            for v in pod.get("volumes", [])
            if "secret" in v or "persistentVolumeClaim" in v
        }
        if not any(
            m["mountPath"] == key_dir and m["name"] in kept for m in c.get("volumeMounts", [])
        ):
            problems.append("gateway: KEY_DIR must be a mounted Secret or PersistentVolumeClaim")
    urls = [(f"{s.env}_URL", s.name) for s in registry.SERVICES] + [("JWKS_URL", "gateway")]
    for var, service in urls:
        svc = services.get(service)
        want = f"http://{service}:{svc['spec']['ports'][0]['port']}" if svc else "?"
        if not str(settings.get(var, "")).startswith(want):
            problems.append(f"{var}={settings.get(var)} does not point at {want}")
    if settings.get("KAFKA_IDEMPOTENCE") != "true":
        problems.append("KAFKA_IDEMPOTENCE must be true on a real Kafka cluster")
    gateway_services = set(str(settings.get("GATEWAY_SERVICES", "")).split(","))
    if gateway_services != set(SERVICES) - {"gateway"}:
        problems.append(f"GATEWAY_SERVICES={settings.get('GATEWAY_SERVICES')} misses a service")
    return problems


def compose_problems(spec: dict) -> list[str]:
    """Apps wait for healthy Kafka and MongoDB and finished init jobs; their settings fit."""
    problems = []
    services = spec["services"]

    def servers_of(image: str) -> list[str]:
        # The long-running ones have a healthcheck; the init jobs of the same image do not.
        return [
            n
            for n, s in services.items()
            if str(s.get("image", "")).startswith(image) and "healthcheck" in s
        ]

    brokers, members = servers_of("apache/kafka:"), servers_of("mongo:")
    servers = brokers + members
    if not brokers or not members:
        problems.append("compose needs Kafka brokers and MongoDB members with healthchecks")
    for name, svc in services.items():
        problems += image_problems(svc.get("image"), f"compose {name}")
    apps = app_services(spec)
    if set(apps) != set(SERVICES) | set(WORKERS):
        problems.append(f"compose app services {sorted(apps)} != {sorted(SERVICES | WORKERS)}")
    for name, svc in apps.items():
        deps = svc.get("depends_on") or {}
        if not isinstance(deps, dict):
            problems.append(f"{name}: depends_on must name conditions")
            deps = {}
        for server in servers:
            if (deps.get(server) or {}).get("condition") != "service_healthy":
                problems.append(f"{name}: does not wait for {server} to be healthy")
        for init in ("kafka-init", "mongo-init"):
            if (deps.get(init) or {}).get("condition") != "service_completed_successfully":
                problems.append(f"{name}: does not wait for {init} to finish")
        env = svc.get("environment") or {}
        if not isinstance(env, dict):
            problems.append(f"{name}: environment must be a mapping")
            continue
        problems += [
            f"{name}: {n} is not a field of shared.settings.Settings"
            for n in env
            if n not in SETTINGS_ENV
        ]
        uri = str(env.get("MONGODB_URI", ""))
        if "replicaSet=" not in uri or "retryWrites=false" in uri:
            problems.append(f"{name}: MONGODB_URI needs replicaSet= and the default retryWrites")
        if str(env.get("KAFKA_IDEMPOTENCE")).lower() != "true":
            problems.append(f"{name}: KAFKA_IDEMPOTENCE must be true on a real Kafka cluster")
        if env.get("HOST") != "0.0.0.0":
            problems.append(f"{name}: HOST must be 0.0.0.0 in a container")
        port = env.get(SERVICES.get(name) or WORKER_PORTS.get(name, ""), "?")
        test = " ".join((svc.get("healthcheck") or {}).get("test") or [])
        if f":{port}/readyz" not in test:
            problems.append(f"{name}: healthcheck must ask /readyz on port {port}")
    for init in ("kafka-init", "mongo-init"):
        deps = (services.get(init) or {}).get("depends_on") or {}
        for server in brokers if init == "kafka-init" else members:
            if (deps.get(server) or {}).get("condition") != "service_healthy":
                problems.append(f"{init}: does not wait for {server} to be healthy")
    gateway = apps.get("gateway", {})
    key_dir = (gateway.get("environment") or {}).get("KEY_DIR")
    volumes = [str(v).split(":") for v in gateway.get("volumes", [])]
    if not any(
        len(v) >= 2 and v[1] == key_dir and v[0] in (spec.get("volumes") or {}) for v in volumes
    ):
        problems.append("gateway: KEY_DIR must be on a named volume")
    return problems


def kustomization_problems(directory: Path) -> list[str]:
    """The kustomization lists every manifest of its directory, and only existing ones."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    listed = set(kustomization.get("resources", []))
    present = {p.name for p in directory.glob("*.y*ml")} - {"kustomization.yaml"}
    problems = [f"{directory.name}: {n} is not in kustomization.yaml" for n in present - listed]
    problems += [f"{directory.name}: {n} is listed but missing" for n in listed - present]
    return problems


def dockerfile_problems(text: str, dockerignore: str) -> list[str]:
    """A pinned base, installs from requirements.lock, non-root USER, python -m CMD."""
    lines = re.sub(r"\\\n", " ", text).splitlines()
    instructions = [
        line.strip().split(None, 1) for line in lines if line.strip() and line[0] != "#"
    ]
    args = {}
    for word, *rest in instructions:
        if word.upper() == "ARG" and rest and "=" in rest[0]:
            key, value = rest[0].split("=", 1)
            args[key] = value
    problems = []
    for word, *rest in instructions:
        if word.upper() == "FROM":
            image = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), ""), rest[0].split()[0])
            if image not in ("build",) and ":" not in image.split("/")[-1] and "@" not in image:
                problems.append(f"FROM {rest[0]}: no version tag")
            elif image.endswith(":latest"):
                problems.append(f"FROM {rest[0]}: latest is not a version")
    users = [rest[0] for word, *rest in instructions if word.upper() == "USER"]
    if not users or users[-1].split(":")[0] in ("root", "0"):
        problems.append("the image must end with a non-root USER")
    runs = " ".join(rest[0] for word, *rest in instructions if word.upper() == "RUN")
    if not re.search(
        r"pip install [^&;]*(-r|-c|--constraint|--requirement) requirements\.lock", runs
    ):
        problems.append("dependencies must be installed from requirements.lock")
    cmds = [rest[0] for word, *rest in instructions if word.upper() == "CMD"]
    if not cmds or not re.search(r'"python", "-m", "services\.\w+"', cmds[-1]):
        problems.append("CMD must be python -m services.<name> (exec form)")
    ignored = {line.strip() for line in dockerignore.splitlines() if line.strip()}
    for required in (".venv", "var", "node_modules", "test-artifacts", ".git"):
        if required not in ignored:
            problems.append(f".dockerignore misses {required}")
    copied = [rest[0].split()[0] for word, *rest in instructions if word.upper() == "COPY"]
    for source in copied:
        if not source.startswith("--") and source.rstrip("/") in ignored:
            problems.append(f".dockerignore excludes {source}, which the image copies")
    return problems


SECRET_WORDS = re.compile(r"pass(word|wd)?|secret|token|credential", re.IGNORECASE)
DEFAULT_SECRET = re.compile(r"\$\{(\w*(PASSWORD|SECRET|TOKEN)\w*):?-", re.IGNORECASE)
URI_PASSWORD = re.compile(r"mongodb(\+srv)?://[^:/@\s]+:(?P<pw>[^@\s]+)@")
PLACEHOLDER = re.compile(r"change[-_ ]?me|changeit|letmein|hunter2", re.IGNORECASE)


def walk(node: Any, path: str = ""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{path}.{key}")
            yield f"{path}.{key}", key, value
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}[{i}]")


def password_problems(name: str, text: str, docs: list[Any] | None) -> list[str]:
    """No literal password: secrets come from the environment or from Secrets made by kubectl."""
    problems = [f"{name}: {m.group(1)} has a default" for m in DEFAULT_SECRET.finditer(text)]
    problems += [f"{name}: placeholder password {m.group(0)!r}" for m in PLACEHOLDER.finditer(text)]
    for match in URI_PASSWORD.finditer(text):
        if not match.group("pw").startswith(("${", "<", "$(")):
            problems.append(f"{name}: a URI carries a literal password")
    for doc in docs or []:
        if isinstance(doc, dict) and doc.get("kind") == "Secret":
            for key in ("data", "stringData"):
                filled = [k for k, v in (doc.get(key) or {}).items() if v]
                problems += [f"{name}: Secret value {k} is filled in" for k in filled]
        for path, key, value in walk(doc):
            literal = isinstance(value, str | int) and not isinstance(value, bool) and str(value)
            if not (literal and isinstance(key, str) and SECRET_WORDS.search(key)):
                continue
            if isinstance(value, str) and re.fullmatch(r"\$\{\w+:\?[^}]*\}", value.strip()):
                continue  # compose refuses to start without it: no default
            if key.endswith(("Ref", "SecretName")) or "secretName" in key:
                continue
            problems.append(f"{name}: {path} holds a literal value")
    return problems


def deploy_texts() -> list[Path]:
    return [*sorted(p for p in DEPLOY.rglob("*") if p.is_file()), DOCKERIGNORE]


# --- tests on the real files ------------------------------------------------------------------


@pytest.mark.parametrize("path", yaml_files(), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_yaml_file_parses_into_objects(path: Path) -> None:
    docs = load_all(path)
    assert docs, f"{path} is empty"
    for doc in docs:
        assert isinstance(doc, dict)
        if K8S in path.parents and path.name != "kustomization.yaml":
            assert doc.get("apiVersion") and doc.get("kind") and doc["metadata"].get("name")


def test_deployments_have_probes_and_run_as_non_root() -> None:
    deployments = of_kind(manifests(), "Deployment")
    assert {d["metadata"]["name"] for d in deployments} == set(SERVICES) | set(WORKERS)
    assert [p for d in deployments for p in deployment_problems(d)] == []


def test_container_env_names_are_settings_and_references_exist() -> None:
    secrets = load_all(K8S / "templates" / "secrets.yaml")
    assert k8s_env_problems(manifests(), secrets) == []


def test_dockerfile_env_names_are_settings() -> None:
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    names = [
        name
        for line in text.splitlines()
        if line.startswith("ENV ")
        for name in re.findall(r"(\w+)=", line)
    ]
    assert "HOST" in names
    assert [
        n for n in names if n not in SETTINGS_ENV | FOREIGN_ENV and not n.startswith("PIP_")
    ] == []


def test_ports_services_and_urls_fit_together() -> None:
    assert wiring_problems(manifests()) == []


def test_gateway_has_a_disruption_budget_and_a_websocket_ingress() -> None:
    docs = manifests()
    pdbs = of_kind(docs, "PodDisruptionBudget")
    assert any(
        p["spec"]["selector"]["matchLabels"] == {"app.kubernetes.io/name": "gateway"} for p in pdbs
    )
    gateway = next(d for d in of_kind(docs, "Deployment") if d["metadata"]["name"] == "gateway")
    assert gateway["spec"]["replicas"] >= 2, "one gateway and a budget of one blocks every drain"
    (ingress,) = of_kind(docs, "Ingress")
    notes = ingress["metadata"]["annotations"]
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 600
    assert int(notes["nginx.ingress.kubernetes.io/proxy-send-timeout"]) >= 600
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == "gateway"
    assert of_kind(docs, "Namespace")[0]["metadata"]["name"] == "oecherlab"


def test_images_are_pinned_to_versions() -> None:
    docs = manifests() + manifests(K8S / "operators")
    problems = [
        p
        for d in of_kind(docs, "Deployment")
        for c in containers(d)
        for p in image_problems(c.get("image"), d["metadata"]["name"])
    ]
    for image in yaml.safe_load((K8S / "kustomization.yaml").read_text()).get("images", []):
        problems += image_problems(f"{image['name']}:{image.get('newTag', '')}", "kustomization")
    for name, svc in compose()["services"].items():
        problems += image_problems(svc.get("image"), f"compose {name}")
    assert problems == []


def test_compose_apps_wait_for_healthy_kafka_and_mongodb() -> None:
    assert compose_problems(compose()) == []


def test_kustomizations_list_every_manifest() -> None:
    directories = sorted({p.parent for p in K8S.rglob("kustomization.yaml")})
    assert K8S in directories
    assert [p for d in directories for p in kustomization_problems(d)] == []
    # The only manifests outside a kustomization are the Secret templates, filled by kubectl.
    loose = {p.parent for p in K8S.rglob("*.yaml")} - set(directories)
    assert loose == {K8S / "templates"}


def test_dockerfile_is_non_root_and_installs_from_the_lock() -> None:
    assert dockerfile_problems(DOCKERFILE.read_text(), DOCKERIGNORE.read_text()) == []


@pytest.mark.parametrize("path", deploy_texts(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_file_contains_a_default_password(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    docs = load_all(path) if path.suffix in (".yaml", ".yml") else None
    assert password_problems(path.name, text, docs) == []


def test_strimzi_topics_are_the_contracts_with_safe_settings() -> None:
    topics = of_kind(manifests(K8S / "operators"), "KafkaTopic")
    assert {t["metadata"]["name"] for t in topics} == ALL_TOPICS
    for topic in topics:
        spec, name = topic["spec"], topic["metadata"]["name"]
        assert spec["replicas"] == 3, name
        assert int(spec["config"]["min.insync.replicas"]) == 2, name
        policy = "compact" if name == "live.updates" else "delete"
        assert spec["config"]["cleanup.policy"] == policy, name


def test_operator_examples_fit_the_settings() -> None:
    docs = manifests(K8S / "operators")
    settings = of_kind(manifests(), "ConfigMap")[0]["data"]
    (kafka,) = of_kind(docs, "Kafka")
    bootstrap = f"{kafka['metadata']['name']}-kafka-bootstrap:9092"
    assert settings["KAFKA_BOOTSTRAP_SERVERS"] == bootstrap
    assert int(kafka["spec"]["kafka"]["config"]["min.insync.replicas"]) == 2
    (mongodb,) = of_kind(docs, "MongoDBCommunity")
    assert mongodb["spec"]["members"] >= 3
    users = {u["name"]: u["roles"] for u in mongodb["spec"]["users"]}
    assert set(users) == set(SERVICES)
    for name, roles in users.items():  # each service on its own database only
        assert roles == [{"name": "readWrite", "db": f"{settings['MONGODB_DB_PREFIX']}{name}"}]


def test_topic_script_creates_every_topic_replicated(tmp_path: Path) -> None:
    """Runs deploy/init/kafka-topics.sh against stand-ins for the Kafka tools that log their calls."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    calls = run_topic_script(TOPICS_SCRIPT, tmp_path, bash)
    assert topic_script_problems(calls) == []


def run_topic_script(script: Path, tmp_path: Path, bash: str) -> list[list[str]]:
    log = tmp_path / "calls"
    for tool in ("kafka-topics.sh", "kafka-configs.sh"):
        fake = tmp_path / tool
        fake.write_text(f'#!{bash}\nprintf "%s\\x1f" {tool} "$@" >> "{log}"\necho >> "{log}"\n')
        fake.chmod(0o755)
    env = {"PATH": os.environ.get("PATH", ""), "TOOLS_DIR": str(tmp_path)}
    subprocess.run([bash, str(script)], env=env, check=True, capture_output=True, timeout=30)
    return [line.rstrip("\x1f").split("\x1f") for line in log.read_text().splitlines() if line]


def topic_script_problems(calls: list[list[str]]) -> list[str]:
    problems = []
    created: dict[str, list[str]] = {}
    for call in calls:
        if call[0] == "kafka-topics.sh" and "--create" in call:
            created[call[call.index("--topic") + 1]] = call
    if set(created) != ALL_TOPICS:
        problems.append(f"created {sorted(created)}, want {sorted(ALL_TOPICS)}")
    for name, call in created.items():
        configs = {call[i + 1] for i, arg in enumerate(call) if arg == "--config"}
        if call[call.index("--replication-factor") + 1] != "3":
            problems.append(f"{name}: replication factor is not 3")
        if "min.insync.replicas=2" not in configs:
            problems.append(f"{name}: min.insync.replicas is not 2")
        policy = "compact" if name == "live.updates" else "delete"
        if f"cleanup.policy={policy}" not in configs:
            problems.append(f"{name}: cleanup.policy is not {policy}")
    return problems


def test_mongo_init_creates_a_user_for_every_app_service() -> None:
    text = MONGO_INIT.read_text()
    listed = set(re.findall(r'"(\w+)"', re.search(r"const services = \[(.*?)\]", text).group(1)))
    assert set(SERVICES) <= listed
    init_env = compose()["services"]["mongo-init"]["environment"]
    assert {f"{s.upper()}_DB_PASSWORD" for s in SERVICES} <= set(init_env)
    for name, svc in app_services(compose()).items():
        user = WORKERS.get(name, name)
        uri = svc["environment"]["MONGODB_URI"]
        assert uri.startswith(f"mongodb://{user}:${{{user.upper()}_DB_PASSWORD:?"), name


# --- each check can fail: broken copies of the real files -------------------------------------


def _deployment(name: str = "gateway") -> dict:
    return copy.deepcopy(
        next(d for d in of_kind(manifests(), "Deployment") if d["metadata"]["name"] == name)
    )


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda c, p: c.pop("readinessProbe"), "readinessProbe must GET /readyz"),
        (
            lambda c, p: c["readinessProbe"]["httpGet"].update(path="/readyz"),
            "readinessProbe must GET /readyz/self",
        ),
        (
            lambda c, p: c["livenessProbe"]["httpGet"].update(path="/readyz"),
            "livenessProbe must GET /healthz",
        ),
        (lambda c, p: c["readinessProbe"]["httpGet"].update(port="web"), "is not a container port"),
        (lambda c, p: p["securityContext"].pop("runAsNonRoot"), "runAsNonRoot is not true"),
        (lambda c, p: p["securityContext"].update(runAsUser=0), "non-zero uid"),
        (
            lambda c, p: c["securityContext"].update(readOnlyRootFilesystem=False),
            "readOnlyRootFilesystem",
        ),
        (
            lambda c, p: c["securityContext"].update(allowPrivilegeEscalation=True),
            "allowPrivilegeEscalation",
        ),
        (lambda c, p: c["resources"].pop("limits"), "no memory limits"),
        (lambda c, p: p.pop("enableServiceLinks"), "enableServiceLinks"),
        (lambda c, p: c.update(image="oecherlab/cocreation:latest"), "not pinned"),
        (lambda c, p: c.update(image="oecherlab/cocreation"), "has no tag"),
    ],
)
def test_deployment_check_catches(breakage, expected: str) -> None:
    dep = _deployment()
    pod = dep["spec"]["template"]["spec"]
    breakage(pod["containers"][0], pod)
    assert any(expected in p for p in deployment_problems(dep)), deployment_problems(dep)


def test_env_check_catches_a_misspelt_setting_and_unknown_secrets() -> None:
    docs = copy.deepcopy(manifests())
    secrets = load_all(K8S / "templates" / "secrets.yaml")
    dep = next(d for d in of_kind(docs, "Deployment") if d["metadata"]["name"] == "ideas")
    env = containers(dep)[0]["env"]
    env.append({"name": "MONGO_URI", "value": "x"})
    env[-2]["valueFrom"]["secretKeyRef"]["key"] = "idea-uri"
    of_kind(docs, "ConfigMap")[0]["data"]["KAFKA_BOOTSTRAP_SERVER"] = "x"
    problems = k8s_env_problems(docs, secrets)
    assert any("MONGO_URI is not a field" in p for p in problems)
    assert any("KAFKA_BOOTSTRAP_SERVER is not a field" in p for p in problems)
    assert any("idea-uri is unknown" in p for p in problems)


def test_wiring_check_catches_a_wrong_port_and_url() -> None:
    docs = copy.deepcopy(manifests())
    of_kind(docs, "ConfigMap")[0]["data"]["VOTING_URL"] = "http://voting:8081"
    svc = next(s for s in of_kind(docs, "Service") if s["metadata"]["name"] == "ideas")
    svc["spec"]["ports"][0]["port"] = 80
    gateway = next(d for d in of_kind(docs, "Deployment") if d["metadata"]["name"] == "gateway")
    key_dir = next(v for v in containers(gateway)[0]["env"] if v["name"] == "KEY_DIR")
    key_dir["value"] = "/var/lib/oecherlab/keys"
    tally = next(d for d in of_kind(docs, "Deployment") if d["metadata"]["name"] == "voting-tally")
    containers(tally)[0]["env"][0]["valueFrom"]["secretKeyRef"]["key"] = "ideas-uri"
    problems = wiring_problems(docs)
    assert any("VOTING_URL" in p for p in problems)
    assert any("KEY_DIR must be a mounted Secret" in p for p in problems)
    assert any("voting-tally: must use the database URI of voting" in p for p in problems)
    assert any("ideas: Service does not offer port 8081" in p for p in problems)


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (
            lambda s: s["services"]["ideas"].update(
                depends_on={"kafka-1": {"condition": "service_started"}}
            ),
            "ideas: does not wait for kafka-1 to be healthy",
        ),
        (
            lambda s: s["services"]["voting"]["depends_on"].pop("mongo-init"),
            "voting: does not wait for mongo-init",
        ),
        (
            lambda s: s["services"]["gateway"].update(depends_on=["kafka-1"]),
            "gateway: depends_on must name conditions",
        ),
        (
            lambda s: s["services"]["kafka-init"]["depends_on"].pop("kafka-2"),
            "kafka-init: does not wait for kafka-2",
        ),
        (
            lambda s: s["services"]["ideas"]["environment"].update(
                MONGODB_URI="mongodb://mongo-1/?retryWrites=false"
            ),
            "MONGODB_URI needs replicaSet",
        ),
        (
            lambda s: s["services"]["ideas"]["environment"].update(KAFKA_IDEMPOTENCE="false"),
            "KAFKA_IDEMPOTENCE",
        ),
        (
            lambda s: s["services"]["voting"]["environment"].update(VOTEING_PORT="8082"),
            "VOTEING_PORT is not a field",
        ),
        (
            lambda s: s["services"]["voting"]["healthcheck"].update(test=["CMD", "true"]),
            "healthcheck must ask /readyz",
        ),
        (
            lambda s: s["services"]["gateway"].update(volumes=[]),
            "KEY_DIR must be on a named volume",
        ),
        (lambda s: s["services"]["mongo-1"].update(image="mongo:latest"), "not pinned"),
    ],
)
def test_compose_check_catches(breakage, expected: str) -> None:
    spec = compose()
    breakage(spec)
    problems = compose_problems(spec)
    assert any(expected in p for p in problems), problems


def test_kustomization_check_catches_an_unlisted_manifest(tmp_path: Path) -> None:
    shutil.copytree(K8S, tmp_path / "k8s")
    (tmp_path / "k8s" / "networkpolicy.yaml").write_text("kind: NetworkPolicy\n")
    (tmp_path / "k8s" / "ideas.yaml").unlink()
    problems = kustomization_problems(tmp_path / "k8s")
    assert any("networkpolicy.yaml is not in" in p for p in problems)
    assert any("ideas.yaml is listed but missing" in p for p in problems)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("USER 10001:10001", "USER root", "non-root USER"),
        ("USER 10001:10001\n", "", "non-root USER"),
        ("--constraint requirements.lock", "", "requirements.lock"),
        ("ARG PYTHON_IMAGE=python:3.11-slim", "ARG PYTHON_IMAGE=python:latest", "latest"),
        ('CMD ["python", "-m", "services.gateway"]', "CMD python app.py", "CMD must be"),
    ],
)
def test_dockerfile_check_catches(old: str, new: str, expected: str) -> None:
    text = DOCKERFILE.read_text()
    assert old in text
    problems = dockerfile_problems(text.replace(old, new), DOCKERIGNORE.read_text())
    assert any(expected in p for p in problems), problems


def test_dockerignore_check_catches_a_missing_entry_and_an_excluded_source() -> None:
    ignore = DOCKERIGNORE.read_text().replace(".venv\n", "") + "\nshared\n"
    problems = dockerfile_problems(DOCKERFILE.read_text(), ignore)
    assert ".dockerignore misses .venv" in problems
    assert any("excludes shared/" in p for p in problems)


@pytest.mark.parametrize(
    "text",
    [
        "MONGODB_URI: mongodb://ideas:hunter3@mongo-1/?replicaSet=rs0\n",
        "MONGO_ROOT_PASSWORD: ${MONGO_ROOT_PASSWORD:-s3cret}\n",
        "MONGO_INITDB_ROOT_PASSWORD: example\n",
        "stringData:\n  password: topsecret\nkind: Secret\n",
        "DEMO_ADMIN_PASSWORD: CHANGE-ME\n",
    ],
)
def test_password_check_catches(text: str) -> None:
    assert password_problems("sample.yaml", text, list(yaml.safe_load_all(text)))


def test_topic_script_check_catches_a_missing_topic_and_a_weak_setting(tmp_path: Path) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    script = tmp_path / "broken-topics.sh"  # not kafka-topics.sh: that is a stand-in's name
    script.write_text(
        TOPICS_SCRIPT.read_text()
        .replace(" hackathons.events ", " ")
        .replace('REPLICATION_FACTOR="${REPLICATION_FACTOR:-3}"', "REPLICATION_FACTOR=1")
    )
    problems = topic_script_problems(run_topic_script(script, tmp_path, bash))
    assert any("created" in p for p in problems)
    assert any("replication factor is not 3" in p for p in problems)
