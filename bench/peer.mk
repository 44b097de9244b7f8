# SPDX-License-Identifier: GPL-2.0
#
# make bench-peer KUT=/path/to/kvm-unit-tests
# Our exit costs next to kvm-unit-tests' x86/vmexit from one run
# (README.md, "Peer comparison"). The user's tree is copied to $(BUILD)/kut-src
# and built there; nothing from it enters this repository.
# PEER_EXITS, PEER_REPS and PEER_TIMEOUT are passed on when given.
bench-peer: $(CLI)
	@KUT='$(KUT)' VPMU_BENCH='$(abspath $(CLI))' BUILD='$(abspath $(BUILD))' \
		$(if $(PEER_EXITS),PEER_EXITS='$(PEER_EXITS)') \
		$(if $(PEER_REPS),PEER_REPS='$(PEER_REPS)') \
		$(if $(PEER_TIMEOUT),PEER_TIMEOUT='$(PEER_TIMEOUT)') \
		bash bench/peer-kut.sh
