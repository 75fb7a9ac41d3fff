"""The production deployment files agree with each other and with the settings.

Docker does not run where the tests run, so these read the real files: docker-compose.yml as
YAML, deploy/nginx.conf and the Dockerfile as text.
"""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
DOCKERFILE = ROOT / "Dockerfile"

ASGI_APP = "config.asgi:application"
PRODUCTION_SETTINGS = "config.settings.production"
WEB_SERVICES = ("web1", "web2")
DAPHNE_PORT = "8000"
ALL_INTERFACES = "0.0.0.0"  # noqa: S104 - daphne must accept nginx from another container

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message}, ${NAME?message}
INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")
FROM_ENVIRONMENT = "from-environment"


# --- Reading the files ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def services() -> dict:
    compose = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(compose, dict) and isinstance(compose.get("services"), dict), (
        "docker-compose.yml has no `services:` mapping"
    )
    return compose["services"]


@pytest.fixture(scope="module")
def nginx_conf() -> str:
    return re.sub(r"#[^\n]*", "", NGINX_CONF.read_text())


@pytest.fixture(scope="module")
def image_instructions() -> list[tuple[str, str]]:
    """The final stage of the Dockerfile as (INSTRUCTION, arguments) pairs."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    stages: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, arguments = line.partition(" ")
        if instruction.upper() == "FROM":
            stages.append([])
        assert stages, "the Dockerfile does not start with FROM"
        stages[-1].append((instruction.upper(), arguments.strip()))
    return stages[-1]


def interpolate(value: str) -> str:
    """Compose's substitution: defaults as written, anything else as a stand-in value."""

    def substitute(match: re.Match) -> str:
        if match["op"] in (":-", "-"):
            return match["arg"]
        return FROM_ENVIRONMENT

    return INTERPOLATION.sub(substitute, str(value)).replace("$$", "$")


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    return {name: "" if value is None else str(value) for name, value in env.items()}


def dependencies(service: dict) -> dict[str, str]:
    depends_on = service.get("depends_on") or {}
    if isinstance(depends_on, list):
        return dict.fromkeys(depends_on, "service_started")
    return {
        name: (spec or {}).get("condition", "service_started") for name, spec in depends_on.items()
    }


def mounts(service: dict) -> list[tuple[str, str, bool]]:
    """(source, target, read_only) for each volume, short or long syntax."""
    result = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            result.append(
                (volume.get("source", ""), volume["target"], bool(volume.get("read_only")))
            )
        else:
            source, target, *mode = volume.split(":")
            result.append((source, target, "ro" in "".join(mode).split(",")))
    return result


def published_ports(service: dict) -> set[tuple[str, str]]:
    """(host port, container port) pairs."""
    result = set()
    for port in service.get("ports") or []:
        if isinstance(port, dict):
            result.add((str(port.get("published", "")), str(port["target"])))
        else:
            *host, container = str(port).split("/")[0].split(":")
            result.add((host[-1] if host else "", container))
    return result


def dockerfile_cmd(instructions: list[tuple[str, str]]) -> list[str]:
    commands = [arguments for instruction, arguments in instructions if instruction == "CMD"]
    assert commands, "the Dockerfile's final stage has no CMD"
    cmd = commands[-1]
    return json.loads(cmd) if cmd.startswith("[") else shlex.split(cmd)


def command(service: dict, instructions: list[tuple[str, str]]) -> list[str]:
    """What the container runs: the service's own command, else the image's CMD."""
    cmd = service.get("command")
    if cmd is None:
        return dockerfile_cmd(instructions)
    return shlex.split(cmd) if isinstance(cmd, str) else [str(part) for part in cmd]


def option(cmd: list[str], *names: str) -> str | None:
    for index, part in enumerate(cmd[:-1]):
        if part in names:
            return cmd[index + 1]
    return None


def block(conf: str, header: str) -> str:
    """The body of the first `header { ... }` block in nginx.conf, braces balanced."""
    match = re.search(r"(?m)^\s*" + re.escape(header) + r"\s*\{", conf)
    assert match, f"deploy/nginx.conf has no `{header} {{ ... }}` block"
    depth, start = 1, match.end()
    for index in range(start, len(conf)):
        if conf[index] == "{":
            depth += 1
        elif conf[index] == "}":
            depth -= 1
            if depth == 0:
                return conf[start:index]
    raise AssertionError(f"deploy/nginx.conf: the `{header}` block is never closed")


def directives(body: str, name: str) -> list[str]:
    return [
        value.strip() for value in re.findall(r"(?m)^\s*" + re.escape(name) + r"\s+([^;]*);", body)
    ]


def seconds(duration: str) -> int:
    amount, unit = re.fullmatch(r"(\d+)(ms|s|m|h|d)?", duration).groups()
    return int(amount) * {"ms": 0, "s": 1, None: 1, "m": 60, "h": 3600, "d": 86400}[unit]


def served_directory(conf: str, path: str) -> str:
    """The directory nginx reads for `location <path>`, from its `root` or `alias`."""
    location = block(conf, f"location {path}")
    if roots := directives(location, "root"):
        return roots[0].rstrip("/") + path.rstrip("/")
    if aliases := directives(location, "alias"):
        return aliases[0].rstrip("/")
    raise AssertionError(f"location {path} in deploy/nginx.conf serves no files from disk")


# --- docker-compose.yml -----------------------------------------------------------------------


def test_compose_defines_the_whole_stack(services):
    missing = {"postgres", "redis", "migrate", *WEB_SERVICES, "nginx"} - services.keys()
    assert not missing, f"docker-compose.yml lacks the services {sorted(missing)}"


@pytest.mark.parametrize("name", WEB_SERVICES)
def test_web_service_runs_daphne_on_the_asgi_application(services, image_instructions, name):
    cmd = command(services[name], image_instructions)
    assert Path(cmd[0]).name == "daphne", f"{name} runs {cmd[0]!r} instead of daphne"
    assert cmd[-1] == ASGI_APP, f"{name} serves {cmd[-1]!r}, not {ASGI_APP}"
    assert option(cmd, "-b", "--bind") == ALL_INTERFACES, (
        f"{name}: daphne must bind 0.0.0.0 (-b) or nginx cannot reach it"
    )
    assert option(cmd, "-p", "--port") == DAPHNE_PORT, (
        f"{name}: daphne must listen on port {DAPHNE_PORT}, where nginx's upstream points"
    )
    assert "--proxy-headers" in cmd, (
        f"{name}: daphne lacks --proxy-headers, so every visitor would share nginx's address "
        "and one person's failed logins would lock everyone out"
    )


@pytest.mark.parametrize("name", WEB_SERVICES)
def test_web_service_uses_production_settings(services, name):
    settings_module = environment(services[name]).get("DJANGO_SETTINGS_MODULE")
    assert settings_module == PRODUCTION_SETTINGS, (
        f"{name} sets DJANGO_SETTINGS_MODULE={settings_module!r}, not {PRODUCTION_SETTINGS}"
    )


@pytest.mark.parametrize("name", WEB_SERVICES)
def test_web_service_reaches_postgres_and_redis(services, name):
    env = environment(services[name])
    for variable, schemes, host in (
        ("DATABASE_URL", {"postgres", "postgresql", "pgsql"}, "postgres"),
        ("REDIS_URL", {"redis", "rediss"}, "redis"),
    ):
        assert variable in env, f"{name} has no {variable}, so it falls back to the laptop setup"
        url = urlsplit(interpolate(env[variable]))
        assert url.scheme in schemes and url.hostname == host, (
            f"{name}: {variable}={env[variable]!r} should be a {sorted(schemes)[0]}:// URL "
            f"on the `{host}` service"
        )


def test_a_worker_runs_the_task_queue_with_the_web_services_settings(services):
    """Every e-mail and notice goes through the database queue: without a worker nothing
    would leave. It needs the same settings, database and Redis as the web services."""
    worker = services.get("worker")
    assert worker is not None, "docker-compose.yml has no `worker` service for the task queue"
    cmd = command(worker, [("CMD", "[]")])
    assert cmd[:3] == ["python", "manage.py", "db_worker"], f"the worker runs {cmd!r}"
    assert option(cmd, "--backend") == "platform", "the worker must run the `platform` queue"
    assert environment(worker) == environment(services[WEB_SERVICES[0]])
    assert worker.get("image") == services[WEB_SERVICES[0]].get("image")
    assert dependencies(worker).get("migrate") == "service_completed_successfully"


def test_migrate_runs_before_the_web_services(services):
    migrate = services["migrate"]
    cmd = command(migrate, [("CMD", "[]")])
    assert cmd[:3] == ["python", "manage.py", "migrate"] and "--noinput" in cmd, (
        f"the migrate service runs {cmd!r}, not `python manage.py migrate --noinput`"
    )
    assert str(migrate.get("restart", "no")) in ("no", "False"), (
        "the migrate service restarts; a one-off job must not run again after it finishes"
    )
    assert dependencies(migrate).get("postgres") == "service_healthy", (
        "the migrate service does not wait for PostgreSQL to be healthy"
    )
    for name in WEB_SERVICES:
        assert dependencies(services[name]).get("migrate") == "service_completed_successfully", (
            f"{name} does not wait for migrate to complete, so it may serve an old schema"
        )
        assert services[name].get("image") == migrate.get("image"), (
            f"{name} and migrate use different images, so migrations may not match the code"
        )


def test_nginx_publishes_http_and_https_and_mounts_its_configuration(services, nginx_conf):
    nginx = services["nginx"]
    for port in ("80", "443"):
        assert (port, port) in published_ports(nginx), (
            f"nginx publishes {sorted(published_ports(nginx))}, not host port {port}"
        )
    assert re.search(r"listen\s+443\s+ssl", nginx_conf), "nginx does not serve HTTPS on 443"
    assert re.search(r"return\s+301\s+https://", nginx_conf), "port 80 does not redirect to HTTPS"
    assert any(target == "/etc/nginx/certs" for _, target, _ in mounts(nginx)), (
        "nginx does not mount the TLS certificates at /etc/nginx/certs"
    )
    targets = {
        target for source, target, _ in mounts(nginx) if source.lstrip("./") == "deploy/nginx.conf"
    }
    assert targets, "nginx does not mount ./deploy/nginx.conf"
    expected = (
        {"/etc/nginx/nginx.conf"}
        if re.search(r"(?m)^\s*events\s*\{", nginx_conf)
        else {t for t in targets if t.startswith("/etc/nginx/conf.d/")}
    )
    assert targets & expected, (
        f"deploy/nginx.conf is mounted at {sorted(targets)}, which does not fit its contents "
        "(a full nginx.conf replaces /etc/nginx/nginx.conf; a server block goes in conf.d/)"
    )
    assert all(read_only for source, _, read_only in mounts(nginx) if source.endswith(".conf")), (
        "nginx's configuration is mounted writable; mount it :ro"
    )


def test_static_files_are_copied_to_nginx_before_it_starts(services, nginx_conf):
    nginx = services["nginx"]
    static_dir = served_directory(nginx_conf, "/static/")
    volume = next((src for src, target, _ in mounts(nginx) if target == static_dir), None)
    assert volume, f"nginx serves /static/ from {static_dir}, but nothing is mounted there"
    writers = [
        name
        for name, service in services.items()
        if name != "nginx"
        and any(src == volume and not read_only for src, _, read_only in mounts(service))
    ]
    assert writers, f"no service writes the `{volume}` volume, so nginx would serve it empty"
    waits_for = dependencies(nginx)
    assert any(waits_for.get(name) == "service_completed_successfully" for name in writers), (
        f"nginx does not wait for {writers} to finish filling the `{volume}` volume"
    )


def test_no_service_hard_codes_a_secret(services):
    for name, service in services.items():
        for variable, value in environment(service).items():
            if re.search(r"SECRET|PASSWORD", variable):
                match = INTERPOLATION.fullmatch(value)
                assert match and match["op"] in (None, ":?", "?"), (
                    f"{name}: {variable} is written into docker-compose.yml; use "
                    f"${{{variable}:?...}} so it comes from the environment"
                )
            if variable.endswith("_URL"):
                password = urlsplit(interpolate(value)).password
                assert password in (None, FROM_ENVIRONMENT), (
                    f"{name}: {variable} carries a password written into docker-compose.yml"
                )


# --- deploy/nginx.conf ------------------------------------------------------------------------


def test_nginx_balances_over_both_daphne_processes(nginx_conf):
    upstreams = re.findall(r"(?m)^\s*upstream\s+(\S+)\s*\{", nginx_conf)
    assert len(upstreams) == 1, f"deploy/nginx.conf should have one upstream, has {upstreams}"
    servers = {
        value.split()[0]
        for value in directives(block(nginx_conf, "upstream " + upstreams[0]), "server")
    }
    expected = {f"{name}:{DAPHNE_PORT}" for name in WEB_SERVICES}
    assert servers == expected, f"the upstream lists {sorted(servers)}, expected {sorted(expected)}"
    for path in ("/ws/", "/"):
        proxy_pass = directives(block(nginx_conf, f"location {path}"), "proxy_pass")
        assert proxy_pass == [f"http://{upstreams[0]}"], (
            f"location {path} passes to {proxy_pass}, not the upstream {upstreams[0]}"
        )


def test_nginx_upgrades_websocket_connections(nginx_conf, image_instructions):
    assert re.search(r"map\s+\$http_upgrade\s+\$connection_upgrade\s*\{", nginx_conf), (
        "deploy/nginx.conf has no `map $http_upgrade $connection_upgrade`"
    )
    ws = block(nginx_conf, "location /ws/")
    headers = dict(value.split(None, 1) for value in directives(ws, "proxy_set_header"))
    assert directives(ws, "proxy_http_version") == ["1.1"], "location /ws/ lacks HTTP/1.1"
    assert headers.get("Upgrade") == "$http_upgrade", "location /ws/ does not pass Upgrade"
    assert headers.get("Connection") == "$connection_upgrade", (
        "location /ws/ does not set Connection from $connection_upgrade"
    )
    timeouts = directives(ws, "proxy_read_timeout")
    ping_interval = option(dockerfile_cmd(image_instructions), "--ping-interval") or "20"
    assert timeouts and seconds(timeouts[0]) > int(ping_interval), (
        f"location /ws/ proxy_read_timeout {timeouts} must outlast daphne's {ping_interval} s "
        "ping interval, or nginx cuts idle chat sockets"
    )


def test_nginx_forwards_the_client_to_django(nginx_conf):
    for path in ("/ws/", "/"):
        location = block(nginx_conf, f"location {path}")
        headers = {value.split(None, 1)[0] for value in directives(location, "proxy_set_header")}
        missing = {"Host", "X-Forwarded-For", "X-Forwarded-Proto"} - headers
        assert not missing, f"location {path} does not set {sorted(missing)}"
    assert directives(nginx_conf, "client_max_body_size"), (
        "deploy/nginx.conf has no client_max_body_size; uploads over 1 MB would be refused"
    )


def test_nginx_serves_static_and_media_from_disk(services, nginx_conf):
    nginx_targets = {target for _, target, _ in mounts(services["nginx"])}
    for path in ("/static/", "/media/"):
        location = block(nginx_conf, f"location {path}")
        directory = served_directory(nginx_conf, path)
        assert directory in nginx_targets, (
            f"location {path} reads {directory}, which the nginx service does not mount"
        )
        assert directives(location, "expires") or "Cache-Control" in location, (
            f"location {path} sends no caching headers"
        )


# --- Dockerfile -------------------------------------------------------------------------------


def test_image_runs_daphne_with_production_settings(image_instructions):
    cmd = dockerfile_cmd(image_instructions)
    assert cmd[0] == "daphne" and ASGI_APP in cmd, f"the image's CMD is {cmd!r}, not daphne"
    env = " ".join(
        arguments for instruction, arguments in image_instructions if instruction == "ENV"
    )
    assert f"DJANGO_SETTINGS_MODULE={PRODUCTION_SETTINGS}" in env, (
        f"the image does not set DJANGO_SETTINGS_MODULE={PRODUCTION_SETTINGS}"
    )
    users = [arguments for instruction, arguments in image_instructions if instruction == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0"), "the image runs as root"


def test_image_keeps_no_build_secret_and_downloads_no_browser():
    text = DOCKERFILE.read_text()
    assert not re.search(r"(?im)^\s*(ENV|ARG)\b[^\n]*SECRET_KEY", text), (
        "the Dockerfile sets SECRET_KEY with ENV or ARG, so it stays in the image"
    )
    for word in ("playwright", "chromium", "chrome", "firefox", "webkit"):
        assert word not in text.lower(), f"the Dockerfile mentions {word}: no browser belongs in it"
    assert not re.search(r"pip install[^\n]*\[[^\]]*dev", text), (
        "the Dockerfile installs the dev extras, which pull in a browser driver"
    )


def test_image_has_what_weasyprint_needs_for_the_resolutions_pdf(image_instructions):
    """pango and harfbuzz for WeasyPrint, and the DejaVu fonts the PDF names, in the runtime
    stage (the one that serves)."""
    runtime = DOCKERFILE.read_text().split("FROM base AS runtime", 1)[1]
    for package in (
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fonts-dejavu-core",
    ):
        assert package in runtime, f"the runtime image lacks {package}"


def test_a_loop_service_closes_votes_and_sends_their_reminders(services):
    service = services["opinions"]
    assert "run_opinion_deadlines" in " ".join(service["command"])
    assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"


def test_collected_modules_import_each_other_by_their_hashed_names(tmp_path):
    """``collectstatic`` as the image runs it. A page names ``notifications.<hash>.js``; its
    imports must name hashed files too, or a browser holding a plain ``text.js`` cached from
    before a deploy (nginx keeps plain names an hour) fails on the new module's imports and
    the page has no live updates. Other packages' files are left out: only their time."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": PRODUCTION_SETTINGS,
        "SECRET_KEY": "x" * 50,
        "STATIC_ROOT": str(tmp_path),
    }
    environment.pop("DEBUG", None)
    others = ("wagtail*", "admin", "rest_framework", "ninja")
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    for pattern in others:
        command += ["-i", pattern]
    subprocess.run(command, cwd=ROOT, env=environment, check=True, timeout=300)

    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    modules = [name for name in manifest if re.search(r"/[^/]+\.js$", name)]
    imports = 0
    for name in modules:
        hashed = tmp_path / manifest[name]
        for target in re.findall(r"""\bfrom\s*["']([./][^"']*)["']""", hashed.read_text()):
            imports += 1
            assert re.search(r"\.[0-9a-f]{12}\.js$", target), f"{manifest[name]} imports {target}"
            assert (hashed.parent / target).resolve().is_file(), f"{manifest[name]}: {target}"
    assert "chat/notifications.js" in manifest and imports >= 5
