#!/bin/sh
# Install lvzhi from the offline bundle on a machine that reaches no package registry.
#   sh install-bundle.sh /opt/lvzhi /var/lib/lvzhi
# makes the virtualenv /opt/lvzhi/venv from the bundle's wheels (pip --no-index) and copies the collected
# static files into LVZHI_HOME/static (the second argument). Python 3.11 must be installed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${1:?usage: install-bundle.sh PREFIX LVZHI_HOME}
home=${2:?usage: install-bundle.sh PREFIX LVZHI_HOME}
python=${PYTHON:-python3.11}
"$python" -m venv "$prefix/venv"
"$prefix/venv/bin/python" -m pip install --quiet --no-index --find-links "$here/wheels" lvzhi
mkdir -p "$home"
rm -rf "$home/static"
cp -r "$here/static" "$home/static"
echo "installed: $prefix/venv/bin/lvzhi (static files in $home/static)"
