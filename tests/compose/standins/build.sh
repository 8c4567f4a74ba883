#!/bin/sh
# Builds the stand-in images of ../README.md's machine, which reaches Debian's mirror but not
# Docker Hub: a bookworm root filesystem (debootstrap), imported as standin/debian:bookworm, and
# from it postgres:15, redis:7, nginx:1.27 and python:3.11-slim, tagged as compose.yaml and
# deploy/Dockerfile name them. Run as root from anywhere; ROOTFS is where debootstrap writes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
rootfs=${ROOTFS:-/var/tmp/standin-rootfs}
if ! docker image inspect standin/debian:bookworm >/dev/null 2>&1; then
    [ -x "$rootfs/bin/sh" ] || debootstrap --variant=minbase bookworm "$rootfs" "$mirror"
    echo "deb $mirror bookworm main" > "$rootfs/etc/apt/sources.list"
    echo "deb $mirror bookworm-updates main" >> "$rootfs/etc/apt/sources.list"
    # No init system in a container: package scripts must not try to start services.
    printf '#!/bin/sh\nexit 101\n' > "$rootfs/usr/sbin/policy-rc.d" && chmod +x "$rootfs/usr/sbin/policy-rc.d"
    # The certificate authorities this machine adds (a TLS-inspecting proxy's, say), so pip in
    # the app's image reaches PyPI as the host's pip does; ca-certificates picks them up.
    mkdir -p "$rootfs/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/" 2>/dev/null || true
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | docker import \
        -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
        -c 'CMD ["bash"]' - standin/debian:bookworm
fi
docker build -t postgres:15 "$here/postgres"
docker build -t redis:7 "$here/redis"
docker build -t nginx:1.27 "$here/nginx"
docker build -t python:3.11-slim "$here/python"
