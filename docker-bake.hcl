# The demo monorepo in fixtures/: three services sharing a base stage, a library target linked
# into one of them as a named context, and a static site on a scratch image. The busybox base is
# an OCI layout made from Debian's busybox-static by fixtures/base/make-busybox-layout.sh.

variable "VERSION" {
  default = "1.0.0"
}

variable "OUT" {
  default = "out"
}

variable "BASE_LAYOUT" {
  default = "fixtures/.base/busybox"
}

group "default" {
  targets = ["api", "worker", "web"]
}

target "_service" {
  contexts = {
    busybox = "oci-layout://${BASE_LAYOUT}:1"
  }
  labels = {
    "org.opencontainers.image.version" = VERSION
  }
}

target "lib" {
  inherits = ["_service"]
  context  = "fixtures/monorepo/libs/common"
}

target "api" {
  inherits = ["_service"]
  context  = "fixtures/monorepo/services/api"
  args     = { VERSION = VERSION }
  tags     = ["monorepo/api:${VERSION}"]
  output   = ["type=oci,dest=${OUT}/api.oci.tar"]
}

target "worker" {
  inherits = ["_service"]
  context  = "fixtures/monorepo/services/worker"
  contexts = {
    lib = "target:lib"
  }
  tags   = ["monorepo/worker:${VERSION}"]
  output = ["type=docker,dest=${OUT}/worker.docker.tar"]
}

target "web" {
  inherits = ["_service"]
  context  = "fixtures/monorepo/services/web"
  args     = { VERSION = VERSION }
  output   = ["type=local,dest=${OUT}/web"]
}
