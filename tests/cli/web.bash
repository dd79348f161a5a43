# web.bash - git http-backend behind nginx (with fcgiwrap), and an HTTP
# proxy (tinyproxy), on loopback ports (sourced by server.bash).  Each
# server is its own process with a private config, pid file, logs and
# temporary folders under $BATS_TEST_TMPDIR, started as the current user
# (root or not) and stopped by stop_servers.

NGINX=/usr/sbin/nginx
FCGIWRAP=/usr/sbin/fcgiwrap
TINYPROXY=/usr/bin/tinyproxy
GIT_HTTP_BACKEND=$(git --exec-path)/git-http-backend

# start_https [--tls13] [--keepalive SECONDS] [USER:PASSWORD]
# git http-backend for the repositories of $SRV over HTTPS, with the
# certificate of make_cert (made if there is none); with USER:PASSWORD
# every request needs that basic authentication, without it anyone may
# fetch and push.  --tls13: TLS 1.3 only (Mozilla's "modern"), else
# TLS 1.2 and 1.3; --keepalive: idle connections are closed after that
# many seconds (default 75).  Sets HTTPS_PORT, HTTPS_URL (the store
# $SRV/store.git) and HTTPS_LOG (one line a request: METHOD PATH STATUS
# USER, user "-" when none was given; WEB_CONN_LOG has CONNECTION
# REQUESTS-ON-IT METHOD PATH STATUS, to see which requests shared a
# connection).
start_https() {
	[ -n "${TLS_DIR:-}" ] || make_cert || return 1
	start_nginx https "$@" || return 1
	HTTPS_PORT=$WEB_PORT
	HTTPS_URL="https://127.0.0.1:$HTTPS_PORT/store.git"
	HTTPS_LOG=$WEB_LOG
}

# start_http [--keepalive SECONDS] [USER:PASSWORD]
# The same over plain HTTP.  Sets HTTP_PORT, HTTP_URL and HTTP_LOG.
start_http() {
	start_nginx http "$@" || return 1
	HTTP_PORT=$WEB_PORT
	HTTP_URL="http://127.0.0.1:$HTTP_PORT/store.git"
	HTTP_LOG=$WEB_LOG
}

# start_nginx https|http [--tls13] [--keepalive SECONDS] [USER:PASSWORD]
# Sets WEB_PORT, WEB_LOG, WEB_CONN_LOG and WEB_DIR ($BATS_TEST_TMPDIR/web-https or
# web-http: nginx.conf, htpasswd, error.log, fcgiwrap.log, tmp/).
start_nginx() {
	local scheme=$1 protocols="TLSv1.2 TLSv1.3" keepalive=75 auth="" d listen tls="" basic="" i
	shift
	while [ "$#" -gt 0 ]; do
		case $1 in
		--tls13) protocols="TLSv1.3" ;;
		--keepalive) keepalive=$2; shift ;;
		*) auth=$1 ;;
		esac
		shift
	done
	need_program "$NGINX" nginx
	need_program "$FCGIWRAP" fcgiwrap
	pick_port
	WEB_PORT=$FREE_PORT
	d="$BATS_TEST_TMPDIR/web-$scheme"
	WEB_DIR=$d
	WEB_LOG="$d/access.log"
	WEB_CONN_LOG="$d/connections.log"
	mkdir -p "$d/tmp"
	rm -f "$d/fcgi.sock"
	: >"$WEB_LOG"
	: >"$WEB_CONN_LOG"
	listen="127.0.0.1:$WEB_PORT"
	if [ "$scheme" = https ]; then
		listen="$listen ssl"
		tls="ssl_certificate $TLS_DIR/server.pem;
		ssl_certificate_key $TLS_DIR/server-key.pem;
		ssl_protocols $protocols;
		ssl_prefer_server_ciphers off;"
	fi
	if [ -n "$auth" ]; then
		printf '%s:{PLAIN}%s\n' "${auth%%:*}" "${auth#*:}" >"$d/htpasswd"
		basic="auth_basic \"casectl tests\";
		auth_basic_user_file $d/htpasswd;"
	fi
	cat >"$d/nginx.conf" <<-EOF
	$( [ "$(id -u)" = 0 ] && echo "user root;" )
	daemon off;
	worker_processes 1;
	pid $d/nginx.pid;
	error_log $d/error.log info;
	events { worker_connections 64; }
	http {
		log_format git '\$request_method \$request_uri \$status \$remote_user';
		log_format conn '\$connection \$connection_requests \$request_method \$request_uri \$status';
		access_log $WEB_LOG git;
		access_log $WEB_CONN_LOG conn;
		client_body_temp_path $d/tmp/body;
		fastcgi_temp_path $d/tmp/fastcgi;
		proxy_temp_path $d/tmp/proxy;
		scgi_temp_path $d/tmp/scgi;
		uwsgi_temp_path $d/tmp/uwsgi;
		client_max_body_size 0;
		keepalive_timeout ${keepalive}s;
		server {
			listen $listen;
			$tls
			$basic
			location / {
				fastcgi_pass unix:$d/fcgi.sock;
				fastcgi_param SCRIPT_FILENAME $GIT_HTTP_BACKEND;
				fastcgi_param GATEWAY_INTERFACE CGI/1.1;
				fastcgi_param SERVER_PROTOCOL \$server_protocol;
				fastcgi_param REQUEST_METHOD \$request_method;
				fastcgi_param PATH_INFO \$uri;
				fastcgi_param QUERY_STRING \$query_string;
				fastcgi_param CONTENT_TYPE \$content_type;
				fastcgi_param CONTENT_LENGTH \$content_length;
				fastcgi_param REMOTE_ADDR \$remote_addr;
				fastcgi_param REMOTE_USER \$remote_user;
				fastcgi_param GIT_PROTOCOL \$http_git_protocol;
				fastcgi_param GIT_PROJECT_ROOT $SRV;
				fastcgi_param GIT_HTTP_EXPORT_ALL 1;
				fastcgi_param HOME $SRV;
				fastcgi_param PATH /usr/bin:/bin;
				fastcgi_param GIT_CONFIG_NOSYSTEM 1;
				fastcgi_param GIT_CONFIG_COUNT 1;
				fastcgi_param GIT_CONFIG_KEY_0 http.receivepack;
				fastcgi_param GIT_CONFIG_VALUE_0 true;
			}
		}
	}
	EOF
	"$FCGIWRAP" -s "unix:$d/fcgi.sock" </dev/null >/dev/null 2>"$d/fcgiwrap.log" 3>&- &
	SERVER_PIDS+=($!)
	"$NGINX" -p "$d/" -c "$d/nginx.conf" </dev/null >/dev/null 2>"$d/nginx.err" 3>&- &
	SERVER_PIDS+=($!)
	for i in $(seq 1 100); do
		[ -S "$d/fcgi.sock" ] && break
		sleep 0.02
	done
	wait_port "$WEB_PORT" || { cat "$d/nginx.err" "$d/error.log" "$d/fcgiwrap.log"; return 1; }
	[ -S "$d/fcgi.sock" ] || { echo "fcgiwrap did not start"; cat "$d/fcgiwrap.log"; return 1; }
}

# tinyproxy on a free loopback port.  Sets PROXY_PORT, PROXY_URL
# (http://127.0.0.1:PORT) and PROXY_LOG, where each CONNECT shows as
# "CONNECT HOST:PORT" (see proxy_connected).
start_proxy() {
	local d="$BATS_TEST_TMPDIR/proxy"
	need_program "$TINYPROXY" tinyproxy
	pick_port
	PROXY_PORT=$FREE_PORT
	PROXY_URL="http://127.0.0.1:$PROXY_PORT"
	PROXY_LOG="$d/tinyproxy.log"
	mkdir -p "$d"
	: >"$PROXY_LOG"
	cat >"$d/tinyproxy.conf" <<-EOF
	$( [ "$(id -u)" = 0 ] && printf 'User root\nGroup root\n' )
	Port $PROXY_PORT
	Listen 127.0.0.1
	Timeout 60
	LogFile "$PROXY_LOG"
	LogLevel Info
	PidFile "$d/tinyproxy.pid"
	MaxClients 16
	Allow 127.0.0.1
	DisableViaHeader Yes
	EOF
	"$TINYPROXY" -d -c "$d/tinyproxy.conf" </dev/null >/dev/null 2>"$d/tinyproxy.err" 3>&- &
	SERVER_PIDS+=($!)
	wait_port "$PROXY_PORT" || { cat "$d/tinyproxy.err" "$PROXY_LOG"; return 1; }
}

# The proxy's log shows a CONNECT to 127.0.0.1:$1.
proxy_connected() {
	grep -q "CONNECT 127.0.0.1:$1 " "$PROXY_LOG" ||
		{ echo "no CONNECT to 127.0.0.1:$1 in the proxy's log:"; cat "$PROXY_LOG"; return 1; }
}

# The credential helper "store" with USER:PASSWORD $1 for the https
# server.
store_credentials() {
	git config --global credential.helper store
	echo "https://$1@127.0.0.1:$HTTPS_PORT" >"$HOME/.git-credentials"
}

# A credential helper (its path in $SLOW_HELPER) that takes $2 seconds
# (default 8) to answer "get" with USER:PASSWORD $1, like a keyring that
# is slow to unlock; "store" and "erase" it ignores.
make_slow_helper() {
	SLOW_HELPER="$BATS_TEST_TMPDIR/slow-helper"
	cat >"$SLOW_HELPER" <<-EOF
	#!/bin/sh
	[ "\$1" = get ] || exit 0
	cat >/dev/null
	sleep ${2:-8}
	printf 'username=%s\npassword=%s\n' '${1%%:*}' '${1#*:}'
	EOF
	chmod 700 "$SLOW_HELPER"
}
