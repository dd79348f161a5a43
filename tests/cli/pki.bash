# pki.bash - a test certificate authority made with openssl (sourced by
# server.bash).  make_cert makes, in $TLS_DIR:
#   cert.pem, ca-key.pem      the test's root CA: what a client trusts
#                             (the name cert.pem is what the tests use)
#   server.pem, server-key.pem  the server's certificate, issued by that CA
#                             for the IP address 127.0.0.1 only
#                             (subjectAltName=IP:127.0.0.1, no DNS name)
#   other-ca.pem, other-ca-key.pem  a second, unrelated CA: trusting it
#                             does not make the server trusted
# and sets TLS_CA (cert.pem) and TLS_OTHER_CA (other-ca.pem).

# A self-signed root CA $1.pem with its key $1-key.pem, named $2.
make_ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-subj "/O=casectl tests/CN=$2" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" \
		-keyout "$1-key.pem" -out "$1.pem" 2>/dev/null ||
		{ echo "openssl could not make the CA '$2'"; return 1; }
}

# The CA, the server's certificate and the unrelated CA, in $TLS_DIR
# ($BATS_TEST_TMPDIR/tls).  The environment's own choices of trusted
# certificates are dropped (they would win over http.sslCAInfo).
make_cert() {
	unset GIT_SSL_CAINFO GIT_SSL_CAPATH SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE GIT_SSL_NO_VERIFY
	TLS_DIR="$BATS_TEST_TMPDIR/tls"
	mkdir -p "$TLS_DIR"
	make_ca "$TLS_DIR/ca" "casectl test CA" || return 1
	mv "$TLS_DIR/ca.pem" "$TLS_DIR/cert.pem"
	make_ca "$TLS_DIR/other-ca" "an unrelated CA" || return 1
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-subj "/O=casectl tests/CN=casectl test server" \
		-keyout "$TLS_DIR/server-key.pem" -out "$TLS_DIR/server.csr" 2>/dev/null &&
		printf '%s\n' "subjectAltName=IP:127.0.0.1" "basicConstraints=critical,CA:FALSE" \
			"keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$TLS_DIR/server.ext" &&
		openssl x509 -req -in "$TLS_DIR/server.csr" -CA "$TLS_DIR/cert.pem" -CAkey "$TLS_DIR/ca-key.pem" \
			-set_serial "0x$(openssl rand -hex 8)" -days 2 -extfile "$TLS_DIR/server.ext" \
			-out "$TLS_DIR/server.pem" 2>/dev/null ||
		{ echo "openssl could not issue the server's certificate"; return 1; }
	TLS_CA="$TLS_DIR/cert.pem"
	TLS_OTHER_CA="$TLS_DIR/other-ca.pem"
}
