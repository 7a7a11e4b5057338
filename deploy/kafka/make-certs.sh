#!/usr/bin/env bash
# Makes the compose stack's TLS material once: a self-signed broker certificate for the host name kafka
# (PKCS12 keystore) and a truststore with it, in /certs, protected by $KAFKA_TLS_PASSWORD.
set -euo pipefail
cd /certs
if [ -f broker.p12 ] && [ -f truststore.p12 ]; then
  echo "certificates exist"
  exit 0
fi
keytool -genkeypair -alias kafka -keyalg RSA -keysize 2048 -validity 825 -dname CN=kafka \
  -ext SAN=DNS:kafka,DNS:localhost -storetype PKCS12 -keystore broker.p12 \
  -storepass "$KAFKA_TLS_PASSWORD" -keypass "$KAFKA_TLS_PASSWORD"
keytool -exportcert -alias kafka -keystore broker.p12 -storepass "$KAFKA_TLS_PASSWORD" -rfc -file kafka.crt
keytool -importcert -noprompt -alias kafka -file kafka.crt -storetype PKCS12 -keystore truststore.p12 \
  -storepass "$KAFKA_TLS_PASSWORD"
chmod 0644 broker.p12 truststore.p12 kafka.crt
