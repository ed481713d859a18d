# bash completion for oscmd                                  -*- shell-script -*-
#
# Generated from oscmd's command registry by `oscmd completion bash`: do not edit.
# Install it for your user (bash-completion loads it on first use):
#   mkdir -p ~/.local/share/bash-completion/completions
#   oscmd completion bash > ~/.local/share/bash-completion/completions/oscmd
# or add this line to ~/.bashrc:
#   eval "$(oscmd completion bash)"
# Ids and Names come from the cache the interactive shell keeps, read by
# `oscmd __complete` (files only, no network).

_oscmd_spec() {
    # One level: options "flags|arity|dest|repeatable|source", words "word>level", positionals.
    _oscmd_o=() _oscmd_k=() _oscmd_p= _oscmd_pr=0 _oscmd_s=0 _oscmd_rd=
    case $1 in
        root)
            _oscmd_o=(
                '-c --config|1|config|0|file'
                '-e --endpoint|1|endpoint|0|'
                '-r --region|1|region|0|@region'
                '-z --zone|1|zone|0|live:zone'
                '-L --listzone|0|listzone|0|'
                '--profile|1|profile|0|live:profile'
                '--output -o|1|output|0|=text table json yaml'
                '-y --yes|0|yes|0|'
                '--dry-run|0|dry_run|0|'
                '-d --debug|0|debug|0|'
                '--timeout|1|timeout|0|'
                '--keep-going|0|keep_going|0|'
                '--local|0|local|0|'
                '-S --securitycredentials|1|securitycredentials|0|'
                '--version|0|version|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'ami>ami'
                'instance>instance'
                'volume>volume'
                'snapshot>snapshot'
                'eip>eip'
                'securitygroup>securitygroup'
                'keypair>keypair'
                'help>help'
                'completion>completion'
            )
            _oscmd_s=1 ;;
        ami)
            _oscmd_o=(
                '-i --id|1|id|0|live:image:id'
                '-n --name|1|name|0|live:image:name'
                '-s --self|0|self|0|'
                '-o --owner|1|owner|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'run>ami/run'
                'dump>ami/dump'
                'list>ami/list'
                'exist>ami/exist'
                'share>ami/share'
                'unshare>ami/unshare'
                'make>ami/make'
                'delete>ami/delete'
            ) ;;
        ami/run)
            _oscmd_o=(
                '-n --name|1|name|0|'
                '-s --volume_size --volume-size|1|volume_size|1|'
                '-i --snap_id --snap-id|1|snap_id|1|live:snapshot:id'
                '-U --url|1|url_commands|1|'
                '--allow-http-include|0|allow_http_include|0|'
                '-t --instance-type --instance_type|1|instance_type|0|@instance_type'
                '-p --placement|1|placement|0|live:zone'
                '-S --security_groups --security-group|1|security_groups|1|live:group:name'
                '-u --user|1|user|0|'
                '-k --key_name --key-name|1|key_name|0|live:keypair:name'
                '-f --key_file --key-file|1|key_file|0|file'
                '-F --Fact --fact|2|local_facts|1|'
                '-H --hostname|1|hostname|0|'
                '-T --template|1|template|0|file'
                '-V --variable|1|variables|1|'
                '-r --ressource --resource|1|ressource|1|live:resource'
                '-R --ressources_dir --resources-dir|1|ressources_dir|1|dir'
                '-e --elastic_ip --elastic-ip|0|elastic_ip|0|'
                '-I --private_ip --private-ip|1|private_ip_address|0|'
                '-P --profile|1|instance_profile_arn|0|'
                '-N --notrun|0|notrun|0|'
                '--subnet-id --subnet_id|1|subnet_id|0|'
                '-w --wait|0|wait|0|'
                '--no-wait|0|no_wait|0|'
                '--show-user-data|0|show_user_data|0|'
                '--host|1|host|0|'
                '--port|1|port|0|'
                '-J --jump|1|jump|0|'
                '--host-key-policy|1|host_key_policy|0|=strict accept-new off'
                '--upload-user-data|0|upload_user_data|0|'
                '--root|1|root|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_rd=ressources_dir ;;
        ami/dump)
            _oscmd_o=(
                '-o --owner|1|owner|0|'
                '-O --noowner|0|noowner|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:image:id' _oscmd_pr=1 ;;
        ami/list)
            _oscmd_o=(
                '-p --pattern|1|pattern|0|'
                '-s --showattributes|0|showattributes|0|'
                '-o --owner|1|owner|0|'
                '-O --noowner|0|noowner|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:image:id' _oscmd_pr=1 ;;
        ami/exist)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        ami/share)
            _oscmd_o=(
                '-u --users|1|users|1|'
                '-h --help|0|help|0|'
            ) ;;
        ami/unshare)
            _oscmd_o=(
                '-u --users|1|users|1|'
                '-h --help|0|help|0|'
            ) ;;
        ami/make)
            _oscmd_o=(
                '-i --instance|1|instance|0|live:instance:id'
                '-v --volume|1|volume|0|live:volume:id'
                '-n --name|1|name|0|'
                '-d --description|1|description|0|'
                '--no-reboot|0|no_reboot|0|'
                '-a --architecture|1|architecture|0|=x86_64 arm64 i386'
                '-w --wait|0|wait|0|'
                '-s --share|0|share|0|'
                '-A --shared_account --shared-account|1|shared_account|1|'
                '-h --help|0|help|0|'
            ) ;;
        ami/delete)
            _oscmd_o=(
                '-d --delete_snapshot --delete-snapshot|0|delete_snapshot|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance)
            _oscmd_o=(
                '-i --id|1|id|0|live:instance:id'
                '-n --name|1|name|0|live:instance:name'
                '-s --self|0|self|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'dump>instance/dump'
                'list>instance/list'
                'exist>instance/exist'
                'start>instance/start'
                'stop>instance/stop'
                'reboot>instance/reboot'
                'terminate>instance/terminate'
                'ssh>instance/ssh'
                'ping>instance/ping'
                'console>instance/console'
                'associate>instance/associate'
                'attach>instance/attach'
                'addvolume>instance/addvolume'
                'summary>instance/summary'
                'offering>instance/offering'
                'getwinpass>instance/getwinpass'
                'getrole>instance/getrole'
            ) ;;
        instance/dump)
            _oscmd_o=(
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:instance:id' _oscmd_pr=1 ;;
        instance/list)
            _oscmd_o=(
                '-p --pattern|1|pattern|0|'
                '-s --showattributes|0|showattributes|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:instance:id' _oscmd_pr=1 ;;
        instance/exist)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        instance/start)
            _oscmd_o=(
                '-w --wait|0|wait|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/stop)
            _oscmd_o=(
                '-f --forced --force|0|forced|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/reboot)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        instance/terminate)
            _oscmd_o=(
                '-p --purge|0|purge|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/ssh)
            _oscmd_o=(
                '-u --user|1|user|0|'
                '-f --key_file --key-file|1|key_file|0|file'
                '--private|0|private|0|'
                '--host|1|host|0|'
                '--port|1|port|0|'
                '-J --jump|1|jump|0|'
                '--host-key-policy|1|host_key_policy|0|=strict accept-new off'
                '--connect-timeout|1|connect_timeout|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/ping)
            _oscmd_o=(
                '-c --count|1|count|0|'
                '--private|0|private|0|'
                '--host|1|host|0|'
                '--port|1|port|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/console)
            _oscmd_o=(
                '-f --follow|0|follow|0|'
                '--interval|1|interval|0|'
                '--raw|0|raw|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/associate)
            _oscmd_o=(
                '-i --ip|1|ip|0|live:address:id'
                '-h --help|0|help|0|'
            ) ;;
        instance/attach)
            _oscmd_o=(
                '-i --id|1|volume_id|0|live:volume:id'
                '-n --name|1|volume_name|0|live:volume:name'
                '-d --device|1|device|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/addvolume)
            _oscmd_o=(
                '-n --name|1|name|0|'
                '-s --size|1|size|0|'
                '-t --type|1|volume_type|0|@volume_type'
                '-m --mount|1|mount|0|'
                '-d --deviceid|1|deviceid|0|'
                '-u --user|1|user|0|'
                '-f --key_file --key-file|1|key_file|0|file'
                '--private|0|private|0|'
                '--host|1|host|0|'
                '--port|1|port|0|'
                '-J --jump|1|jump|0|'
                '--host-key-policy|1|host_key_policy|0|=strict accept-new off'
                '--connect-timeout|1|connect_timeout|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/summary)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        instance/offering)
            _oscmd_o=(
                '-z --zone|1|zone|0|live:zone'
                '-f --family|1|family|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/getwinpass)
            _oscmd_o=(
                '-f --key_file --key-file|1|key_file|0|file'
                '-h --help|0|help|0|'
            ) ;;
        instance/getrole)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        volume)
            _oscmd_o=(
                '-i --id|1|id|0|live:volume:id'
                '-n --name|1|name|0|live:volume:name'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'dump>volume/dump'
                'list>volume/list'
                'exist>volume/exist'
                'summary>volume/summary'
                'create>volume/create'
                'attach>volume/attach'
                'detach>volume/detach'
                'delete>volume/delete'
            ) ;;
        volume/dump)
            _oscmd_o=(
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:volume:id' _oscmd_pr=1 ;;
        volume/list)
            _oscmd_o=(
                '-p --pattern|1|pattern|0|'
                '-s --showattributes|0|showattributes|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:volume:id' _oscmd_pr=1 ;;
        volume/exist)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        volume/summary)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        volume/create)
            _oscmd_o=(
                '-s --size|1|size|0|'
                '-z --zone|1|zone|0|live:zone'
                '-n --name|1|name|0|'
                '-t --type|1|volume_type|0|@volume_type'
                '--iops|1|iops|0|'
                '--throughput|1|throughput|0|'
                '--encrypted|0|encrypted|0|'
                '--snapshot|1|snapshot|0|live:snapshot:id'
                '-w --wait|0|wait|0|'
                '-h --help|0|help|0|'
            ) ;;
        volume/attach)
            _oscmd_o=(
                '-i --id|1|instance_id|0|live:instance:id'
                '-n --name|1|instance_name|0|live:instance:name'
                '-d --device|1|device|0|'
                '-w --wait|0|wait|0|'
                '-h --help|0|help|0|'
            ) ;;
        volume/detach)
            _oscmd_o=(
                '-f --forced --force|0|forced|0|'
                '-w --wait|0|wait|0|'
                '-h --help|0|help|0|'
            ) ;;
        volume/delete)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        snapshot)
            _oscmd_o=(
                '-i --id|1|id|0|live:snapshot:id'
                '-n --name|1|name|0|live:snapshot:name'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'dump>snapshot/dump'
                'list>snapshot/list'
                'exist>snapshot/exist'
                'summary>snapshot/summary'
                'create>snapshot/create'
                'delete>snapshot/delete'
            ) ;;
        snapshot/dump)
            _oscmd_o=(
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:snapshot:id' _oscmd_pr=1 ;;
        snapshot/list)
            _oscmd_o=(
                '-p --pattern|1|pattern|0|'
                '-s --showattributes|0|showattributes|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:snapshot:id' _oscmd_pr=1 ;;
        snapshot/exist)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        snapshot/summary)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        snapshot/create)
            _oscmd_o=(
                '-v --volume|1|volume|0|live:volume:id'
                '-n --name|1|name|0|'
                '-d --description|1|description|0|'
                '-w --wait|0|wait|0|'
                '-h --help|0|help|0|'
            ) ;;
        snapshot/delete)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        eip)
            _oscmd_o=(
                '-i --id|1|id|0|live:address:id'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'dump>eip/dump'
                'list>eip/list'
                'exist>eip/exist'
                'summary>eip/summary'
                'allocate>eip/allocate'
                'associate>eip/associate'
                'disassociate>eip/disassociate'
                'release>eip/release'
            ) ;;
        eip/dump)
            _oscmd_o=(
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:address:id' _oscmd_pr=1 ;;
        eip/list)
            _oscmd_o=(
                '-p --pattern|1|pattern|0|'
                '-s --showattributes|0|showattributes|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:address:id' _oscmd_pr=1 ;;
        eip/exist)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        eip/summary)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        eip/allocate)
            _oscmd_o=(
                '-n --name|1|name|0|'
                '-h --help|0|help|0|'
            ) ;;
        eip/associate)
            _oscmd_o=(
                '-i --id|1|instance_id|0|live:instance:id'
                '-n --name|1|instance_name|0|live:instance:name'
                '-h --help|0|help|0|'
            ) ;;
        eip/disassociate)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        eip/release)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        securitygroup)
            _oscmd_o=(
                '-i --id|1|id|0|live:group:id'
                '-n --name|1|name|0|live:group:name'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'dump>securitygroup/dump'
                'list>securitygroup/list'
                'exist>securitygroup/exist'
                'create>securitygroup/create'
                'delete>securitygroup/delete'
                'add_rule>securitygroup/add_rule'
                'remove_rule>securitygroup/remove_rule'
            ) ;;
        securitygroup/dump)
            _oscmd_o=(
                '-u --used|0|used|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:group:id' _oscmd_pr=1 ;;
        securitygroup/list)
            _oscmd_o=(
                '-p --pattern|1|pattern|0|'
                '-s --showattributes|0|showattributes|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:group:id' _oscmd_pr=1 ;;
        securitygroup/exist)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        securitygroup/create)
            _oscmd_o=(
                '-n --name|1|name|0|'
                '-d --description|1|description|0|'
                '--vpc-id|1|vpc_id|0|'
                '-h --help|0|help|0|'
            ) ;;
        securitygroup/delete)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        securitygroup/add_rule)
            _oscmd_o=(
                '-p --protocol|1|protocol|1|@protocol'
                '-P --port_range --port-range|1|port_range|0|'
                '-f --from|1|from_port|0|'
                '-t --to|1|to_port|0|'
                '-m --mask|1|mask|1|'
                '-s --source_group --source-group|1|source_group|0|live:group:id'
                '-d --description|1|description|0|'
                '-h --help|0|help|0|'
            ) ;;
        securitygroup/remove_rule)
            _oscmd_o=(
                '-p --protocol|1|protocol|1|@protocol'
                '-P --port_range --port-range|1|port_range|0|'
                '-f --from|1|from_port|0|'
                '-t --to|1|to_port|0|'
                '-m --mask|1|mask|1|'
                '-s --source_group --source-group|1|source_group|0|live:group:id'
                '-h --help|0|help|0|'
            ) ;;
        keypair)
            _oscmd_o=(
                '-i --id|1|id|0|live:keypair:name'
                '-n --name|1|name|0|live:keypair:name'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'dump>keypair/dump'
                'list>keypair/list'
                'exist>keypair/exist'
                'create>keypair/create'
                'import>keypair/import'
                'delete>keypair/delete'
            ) ;;
        keypair/dump)
            _oscmd_o=(
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:keypair:id' _oscmd_pr=1 ;;
        keypair/list)
            _oscmd_o=(
                '-p --pattern|1|pattern|0|'
                '-s --showattributes|0|showattributes|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:keypair:id' _oscmd_pr=1 ;;
        keypair/exist)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        keypair/create)
            _oscmd_o=(
                '-n --name|1|name|0|'
                '-o --output-directory --output_directory|1|output_directory|0|dir'
                '-t --type|1|key_type|0|=rsa ed25519'
                '-h --help|0|help|0|'
            ) ;;
        keypair/import)
            _oscmd_o=(
                '-n --name|1|name|0|'
                '-f --file|1|file|0|file'
                '-h --help|0|help|0|'
            ) ;;
        keypair/delete)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        help)
            _oscmd_k=(
                'config>end'
                'templates>end'
                'user-data>end'
                'resources>end'
                'scripts>end'
                'shell>end'
                'exit-codes>end'
                'outscale>end'
                'completion>end'
                'patterns>end'
                'files>end'
                'ami>help/ami'
                'instance>help/instance'
                'volume>help/volume'
                'snapshot>help/snapshot'
                'eip>help/eip'
                'securitygroup>help/securitygroup'
                'keypair>help/keypair'
            ) ;;
        help/ami)
            _oscmd_k=(
                'run>end'
                'dump>end'
                'list>end'
                'exist>end'
                'share>end'
                'unshare>end'
                'make>end'
                'delete>end'
            ) ;;
        help/instance)
            _oscmd_k=(
                'dump>end'
                'list>end'
                'exist>end'
                'start>end'
                'stop>end'
                'reboot>end'
                'terminate>end'
                'ssh>end'
                'ping>end'
                'console>end'
                'associate>end'
                'attach>end'
                'addvolume>end'
                'summary>end'
                'offering>end'
                'getwinpass>end'
                'getrole>end'
            ) ;;
        help/volume)
            _oscmd_k=(
                'dump>end'
                'list>end'
                'exist>end'
                'summary>end'
                'create>end'
                'attach>end'
                'detach>end'
                'delete>end'
            ) ;;
        help/snapshot)
            _oscmd_k=(
                'dump>end'
                'list>end'
                'exist>end'
                'summary>end'
                'create>end'
                'delete>end'
            ) ;;
        help/eip)
            _oscmd_k=(
                'dump>end'
                'list>end'
                'exist>end'
                'summary>end'
                'allocate>end'
                'associate>end'
                'disassociate>end'
                'release>end'
            ) ;;
        help/securitygroup)
            _oscmd_k=(
                'dump>end'
                'list>end'
                'exist>end'
                'create>end'
                'delete>end'
                'add_rule>end'
                'remove_rule>end'
            ) ;;
        help/keypair)
            _oscmd_k=(
                'dump>end'
                'list>end'
                'exist>end'
                'create>end'
                'import>end'
                'delete>end'
            ) ;;
        completion)
            _oscmd_k=(
                'bash>end'
                'zsh>end'
                'fish>end'
            ) ;;
    esac
}

_oscmd_static() {
    case $1 in
        instance_type) _oscmd_w='t2.nano t2.micro t2.small t2.medium t2.large t2.xlarge t2.2xlarge t3.nano t3.micro t3.small t3.medium t3.large t3.xlarge t3.2xlarge t3a.nano t3a.micro t3a.small t3a.medium t3a.large t3a.xlarge t3a.2xlarge t4g.nano t4g.micro t4g.small t4g.medium t4g.large t4g.xlarge t4g.2xlarge m5.large m5.xlarge m5.2xlarge m5.4xlarge m5.8xlarge m5.12xlarge m5.16xlarge m5.24xlarge m5.metal m5a.large m5a.xlarge m5a.2xlarge m5a.4xlarge m5a.8xlarge m5a.12xlarge m5a.16xlarge m5a.24xlarge m5a.metal m6a.large m6a.xlarge m6a.2xlarge m6a.4xlarge m6a.8xlarge m6a.12xlarge m6a.16xlarge m6a.24xlarge m6a.metal m6g.large m6g.xlarge m6g.2xlarge m6g.4xlarge m6g.8xlarge m6g.12xlarge m6g.16xlarge m6g.24xlarge m6g.metal m6i.large m6i.xlarge m6i.2xlarge m6i.4xlarge m6i.8xlarge m6i.12xlarge m6i.16xlarge m6i.24xlarge m6i.metal c5.large c5.xlarge c5.2xlarge c5.4xlarge c5.8xlarge c5.12xlarge c5.16xlarge c5.24xlarge c5.metal c5a.large c5a.xlarge c5a.2xlarge c5a.4xlarge c5a.8xlarge c5a.12xlarge c5a.16xlarge c5a.24xlarge c5a.metal c6a.large c6a.xlarge c6a.2xlarge c6a.4xlarge c6a.8xlarge c6a.12xlarge c6a.16xlarge c6a.24xlarge c6a.metal c6g.large c6g.xlarge c6g.2xlarge c6g.4xlarge c6g.8xlarge c6g.12xlarge c6g.16xlarge c6g.24xlarge c6g.metal c6i.large c6i.xlarge c6i.2xlarge c6i.4xlarge c6i.8xlarge c6i.12xlarge c6i.16xlarge c6i.24xlarge c6i.metal r5.large r5.xlarge r5.2xlarge r5.4xlarge r5.8xlarge r5.12xlarge r5.16xlarge r5.24xlarge r5.metal r5a.large r5a.xlarge r5a.2xlarge r5a.4xlarge r5a.8xlarge r5a.12xlarge r5a.16xlarge r5a.24xlarge r5a.metal r6a.large r6a.xlarge r6a.2xlarge r6a.4xlarge r6a.8xlarge r6a.12xlarge r6a.16xlarge r6a.24xlarge r6a.metal r6g.large r6g.xlarge r6g.2xlarge r6g.4xlarge r6g.8xlarge r6g.12xlarge r6g.16xlarge r6g.24xlarge r6g.metal r6i.large r6i.xlarge r6i.2xlarge r6i.4xlarge r6i.8xlarge r6i.12xlarge r6i.16xlarge r6i.24xlarge r6i.metal m7a.medium m7a.large m7a.xlarge m7a.2xlarge m7a.4xlarge m7a.8xlarge m7a.12xlarge m7a.16xlarge m7a.24xlarge m7a.32xlarge m7a.48xlarge m7a.metal m7g.medium m7g.large m7g.xlarge m7g.2xlarge m7g.4xlarge m7g.8xlarge m7g.12xlarge m7g.16xlarge m7g.24xlarge m7g.32xlarge m7g.48xlarge m7g.metal m7i.medium m7i.large m7i.xlarge m7i.2xlarge m7i.4xlarge m7i.8xlarge m7i.12xlarge m7i.16xlarge m7i.24xlarge m7i.32xlarge m7i.48xlarge m7i.metal m7i-flex.medium m7i-flex.large m7i-flex.xlarge m7i-flex.2xlarge m7i-flex.4xlarge m7i-flex.8xlarge m7i-flex.12xlarge m7i-flex.16xlarge m7i-flex.24xlarge m7i-flex.32xlarge m7i-flex.48xlarge m7i-flex.metal c7a.medium c7a.large c7a.xlarge c7a.2xlarge c7a.4xlarge c7a.8xlarge c7a.12xlarge c7a.16xlarge c7a.24xlarge c7a.32xlarge c7a.48xlarge c7a.metal c7g.medium c7g.large c7g.xlarge c7g.2xlarge c7g.4xlarge c7g.8xlarge c7g.12xlarge c7g.16xlarge c7g.24xlarge c7g.32xlarge c7g.48xlarge c7g.metal c7gn.medium c7gn.large c7gn.xlarge c7gn.2xlarge c7gn.4xlarge c7gn.8xlarge c7gn.12xlarge c7gn.16xlarge c7gn.24xlarge c7gn.32xlarge c7gn.48xlarge c7gn.metal c7i.medium c7i.large c7i.xlarge c7i.2xlarge c7i.4xlarge c7i.8xlarge c7i.12xlarge c7i.16xlarge c7i.24xlarge c7i.32xlarge c7i.48xlarge c7i.metal r7a.medium r7a.large r7a.xlarge r7a.2xlarge r7a.4xlarge r7a.8xlarge r7a.12xlarge r7a.16xlarge r7a.24xlarge r7a.32xlarge r7a.48xlarge r7a.metal r7g.medium r7g.large r7g.xlarge r7g.2xlarge r7g.4xlarge r7g.8xlarge r7g.12xlarge r7g.16xlarge r7g.24xlarge r7g.32xlarge r7g.48xlarge r7g.metal r7i.medium r7i.large r7i.xlarge r7i.2xlarge r7i.4xlarge r7i.8xlarge r7i.12xlarge r7i.16xlarge r7i.24xlarge r7i.32xlarge r7i.48xlarge r7i.metal m8g.medium m8g.large m8g.xlarge m8g.2xlarge m8g.4xlarge m8g.8xlarge m8g.12xlarge m8g.16xlarge m8g.24xlarge m8g.32xlarge m8g.48xlarge m8g.metal c8g.medium c8g.large c8g.xlarge c8g.2xlarge c8g.4xlarge c8g.8xlarge c8g.12xlarge c8g.16xlarge c8g.24xlarge c8g.32xlarge c8g.48xlarge c8g.metal r8g.medium r8g.large r8g.xlarge r8g.2xlarge r8g.4xlarge r8g.8xlarge r8g.12xlarge r8g.16xlarge r8g.24xlarge r8g.32xlarge r8g.48xlarge r8g.metal x2idn.large x2idn.xlarge x2idn.2xlarge x2idn.4xlarge x2idn.8xlarge x2idn.12xlarge x2idn.16xlarge x2idn.24xlarge x2iedn.large x2iedn.xlarge x2iedn.2xlarge x2iedn.4xlarge x2iedn.8xlarge x2iedn.12xlarge x2iedn.16xlarge x2iedn.24xlarge i4i.large i4i.xlarge i4i.2xlarge i4i.4xlarge i4i.8xlarge i4i.12xlarge i4i.16xlarge i4i.24xlarge i3.large i3.xlarge i3.2xlarge i3.4xlarge i3.8xlarge i3.12xlarge i3.16xlarge i3.24xlarge d3.large d3.xlarge d3.2xlarge d3.4xlarge d3.8xlarge d3.12xlarge d3.16xlarge d3.24xlarge z1d.large z1d.xlarge z1d.2xlarge z1d.4xlarge z1d.8xlarge z1d.12xlarge z1d.16xlarge z1d.24xlarge g5.xlarge g5.2xlarge g5.4xlarge g5.8xlarge g5.12xlarge g5.16xlarge g5.24xlarge g5.48xlarge g6.xlarge g6.2xlarge g6.4xlarge g6.8xlarge g6.12xlarge g6.16xlarge g6.24xlarge g6.48xlarge p4d.xlarge p4d.2xlarge p4d.4xlarge p4d.8xlarge p4d.12xlarge p4d.16xlarge p4d.24xlarge p4d.48xlarge p5.xlarge p5.2xlarge p5.4xlarge p5.8xlarge p5.12xlarge p5.16xlarge p5.24xlarge p5.48xlarge inf2.xlarge inf2.2xlarge inf2.4xlarge inf2.8xlarge inf2.12xlarge inf2.16xlarge inf2.24xlarge inf2.48xlarge trn1.xlarge trn1.2xlarge trn1.4xlarge trn1.8xlarge trn1.12xlarge trn1.16xlarge trn1.24xlarge trn1.48xlarge tinav5.c1r1p1 tinav5.c1r1p2 tinav5.c1r1p3 tinav5.c1r2p1 tinav5.c1r2p2 tinav5.c1r2p3 tinav5.c2r2p1 tinav5.c2r2p2 tinav5.c2r2p3 tinav5.c2r4p1 tinav5.c2r4p2 tinav5.c2r4p3 tinav5.c2r8p1 tinav5.c2r8p2 tinav5.c2r8p3 tinav5.c4r4p1 tinav5.c4r4p2 tinav5.c4r4p3 tinav5.c4r8p1 tinav5.c4r8p2 tinav5.c4r8p3 tinav5.c4r16p1 tinav5.c4r16p2 tinav5.c4r16p3 tinav5.c8r16p1 tinav5.c8r16p2 tinav5.c8r16p3 tinav5.c8r32p1 tinav5.c8r32p2 tinav5.c8r32p3 tinav5.c16r32p1 tinav5.c16r32p2 tinav5.c16r32p3 tinav5.c16r64p1 tinav5.c16r64p2 tinav5.c16r64p3 tinav6.c1r1p1 tinav6.c1r1p2 tinav6.c1r1p3 tinav6.c1r2p1 tinav6.c1r2p2 tinav6.c1r2p3 tinav6.c2r2p1 tinav6.c2r2p2 tinav6.c2r2p3 tinav6.c2r4p1 tinav6.c2r4p2 tinav6.c2r4p3 tinav6.c2r8p1 tinav6.c2r8p2 tinav6.c2r8p3 tinav6.c4r4p1 tinav6.c4r4p2 tinav6.c4r4p3 tinav6.c4r8p1 tinav6.c4r8p2 tinav6.c4r8p3 tinav6.c4r16p1 tinav6.c4r16p2 tinav6.c4r16p3 tinav6.c8r16p1 tinav6.c8r16p2 tinav6.c8r16p3 tinav6.c8r32p1 tinav6.c8r32p2 tinav6.c8r32p3 tinav6.c16r32p1 tinav6.c16r32p2 tinav6.c16r32p3 tinav6.c16r64p1 tinav6.c16r64p2 tinav6.c16r64p3 tinav7.c1r1p1 tinav7.c1r1p2 tinav7.c1r1p3 tinav7.c1r2p1 tinav7.c1r2p2 tinav7.c1r2p3 tinav7.c2r2p1 tinav7.c2r2p2 tinav7.c2r2p3 tinav7.c2r4p1 tinav7.c2r4p2 tinav7.c2r4p3 tinav7.c2r8p1 tinav7.c2r8p2 tinav7.c2r8p3 tinav7.c4r4p1 tinav7.c4r4p2 tinav7.c4r4p3 tinav7.c4r8p1 tinav7.c4r8p2 tinav7.c4r8p3 tinav7.c4r16p1 tinav7.c4r16p2 tinav7.c4r16p3 tinav7.c8r16p1 tinav7.c8r16p2 tinav7.c8r16p3 tinav7.c8r32p1 tinav7.c8r32p2 tinav7.c8r32p3 tinav7.c16r32p1 tinav7.c16r32p2 tinav7.c16r32p3 tinav7.c16r64p1 tinav7.c16r64p2 tinav7.c16r64p3' ;;
        volume_type) _oscmd_w='gp3 gp2 io1 io2 st1 sc1 standard' ;;
        protocol) _oscmd_w='tcp udp icmp icmpv6 all' ;;
        region) _oscmd_w='us-east-1 us-east-2 us-west-1 us-west-2 ca-central-1 ca-west-1 sa-east-1 mx-central-1 eu-west-1 eu-west-2 eu-west-3 eu-central-1 eu-central-2 eu-north-1 eu-south-1 eu-south-2 il-central-1 me-south-1 me-central-1 af-south-1 ap-east-1 ap-south-1 ap-south-2 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 ap-southeast-7 cloudgouv-eu-west-1' ;;
        shell) _oscmd_w='bash zsh fish' ;;
        topic) _oscmd_w='config templates user-data resources scripts shell exit-codes outscale completion patterns files' ;;
        *) _oscmd_w= ;;
    esac
}

_oscmd_find() {
    # Find option $1 at the current level: sets arity, dest, rep and src.
    local e r
    for e in "${_oscmd_o[@]}"; do
        [[ " ${e%%|*} " == *" $1 "* ]] || continue
        r=${e#*|}; arity=${r%%|*}; r=${r#*|}; dest=${r%%|*}; r=${r#*|}; rep=${r%%|*}; src=${r#*|}
        return 0
    done
    return 1
}

_oscmd_add() {
    # Add word $1 (with prefix $3) when it starts with $2, quoted for the command line
    # unless the word being completed opened a quote (readline then closes it).
    local q=$1
    (( _oscmd_quoted )) || printf -v q '%q' "$1"
    [[ $1 == "$2"* || $q == "$2"* ]] && COMPREPLY+=("$3$q")
    return 0
}

_oscmd_live() {
    local prog=${COMP_WORDS[0]} line
    [[ $prog == */* && -x $prog ]] || prog=oscmd
    while IFS= read -r line; do
        _oscmd_add "${line%%$'\t'*}" "$2" "$3"
    done < <(command "$prog" __complete "$1" "$2" "${#_oscmd_conn[@]}" "${_oscmd_conn[@]}" \
             "${_oscmd_dirs[@]}" 2>/dev/null)
}

_oscmd_values() {
    # Complete a value of source $1 from prefix $2; $3 is put before each value.
    local w
    case $1 in
        file|dir)
            compopt -o filenames 2>/dev/null
            while IFS= read -r w; do COMPREPLY+=("$3$w"); done \
                < <(if [[ $1 == dir ]]; then compgen -d -- "$2"; else compgen -f -- "$2"; fi) ;;
        =*) for w in ${1#=}; do _oscmd_add "$w" "$2" "$3"; done ;;
        @*) _oscmd_static "${1#@}"; for w in $_oscmd_w; do _oscmd_add "$w" "$2" "$3"; done ;;
        live:*) _oscmd_live "${1#live:}" "$2" "$3" ;;
    esac
}

_oscmd() {
    local IFS=$' \t\n'
    local -a words=() _oscmd_o=() _oscmd_k=() _oscmd_conn=() _oscmd_dirs=()
    local _oscmd_p= _oscmd_pr=0 _oscmd_s=0 _oscmd_rd= _oscmd_w=
    local w e f r arity dest rep src level=root given=' ' vsrc= cur
    local -i i n cword glue=0 split=0 npos=0 dd=0 invalue=0 _oscmd_quoted=0
    COMPREPLY=()
    # bash splits "--opt=value" at "=": put the pieces back together.
    for (( i = 0; i <= COMP_CWORD; i++ )); do
        w=${COMP_WORDS[i]}
        n=${#words[@]}
        if (( glue )); then
            words[n-1]+=$w; glue=0
            (( i == COMP_CWORD )) && split=1
        elif [[ $w == = ]] && (( n > 1 )) && [[ ${words[n-1]} == --?* && ${words[n-1]} != *=* ]]; then
            words[n-1]+==; glue=1
            (( i == COMP_CWORD )) && split=1
        else
            words+=("$w")
        fi
    done
    cword=${#words[@]}-1
    cur=${words[cword]}
    if [[ $cur == [\'\"]* ]]; then cur=${cur:1}; _oscmd_quoted=1; fi
    _oscmd_spec root
    for (( i = 1; i < cword; i++ )); do
        w=${words[i]}
        if (( ! dd )) && [[ $w == -?* ]]; then
            if [[ $w == -- ]]; then dd=1; continue; fi
            _oscmd_find "${w%%=*}" || continue
            given+="$dest "
            [[ $level == root && " config endpoint region profile local " == *" $dest "* ]] && _oscmd_conn+=("$w")
            if [[ $w == --*=* ]]; then
                (( arity > 1 )) && i+=arity-1
                continue
            fi
            if (( i + arity >= cword )); then
                (( cword - i == 1 )) && vsrc=$src
                invalue=1
                break
            fi
            (( arity )) || continue
            [[ $level == root && " config endpoint region profile local " == *" $dest "* ]] && _oscmd_conn+=("${words[@]:i+1:arity}")
            [[ -n $_oscmd_rd && $dest == "$_oscmd_rd" ]] && _oscmd_dirs+=("${words[i+1]}")
            i+=arity
        elif (( ${#_oscmd_k[@]} )); then
            level=end
            for e in "${_oscmd_k[@]}"; do
                if [[ ${e%%>*} == "$w" ]]; then level=${e#*>}; break; fi
            done
            _oscmd_spec "$level"
            given=' ' dd=0 npos=0
        else
            npos+=1
        fi
    done
    if (( invalue )); then
        _oscmd_values "$vsrc" "$cur" ''
        return 0
    fi
    if (( ! dd )) && [[ $cur == --*=* ]]; then
        _oscmd_find "${cur%%=*}" && (( arity )) || return 0
        if (( split )); then _oscmd_values "$src" "${cur#*=}" ''
        else _oscmd_values "$src" "${cur#*=}" "${cur%%=*}="; fi
        return 0
    fi
    if (( ! dd )) && [[ $cur == -* || ( ${#_oscmd_k[@]} -eq 0 && -z $_oscmd_p && ${#_oscmd_o[@]} -gt 1 ) ]]; then
        for e in "${_oscmd_o[@]}"; do
            r=${e#*|}; r=${r#*|}; dest=${r%%|*}; r=${r#*|}; rep=${r%%|*}
            [[ $rep == 0 && $given == *" $dest "* ]] && continue
            for f in ${e%%|*}; do [[ $f == "$cur"* ]] && COMPREPLY+=("$f"); done
        done
        return 0
    fi
    if (( ${#_oscmd_k[@]} )); then
        for e in "${_oscmd_k[@]}"; do _oscmd_add "${e%%>*}" "$cur" ''; done
        if (( _oscmd_s )); then
            while IFS= read -r w; do [[ $w == *.os ]] && COMPREPLY+=("$w"); done < <(compgen -f -- "$cur")
        fi
        return 0
    fi
    if [[ -n $_oscmd_p ]] && (( _oscmd_pr || npos == 0 )); then
        _oscmd_values "$_oscmd_p" "$cur" ''
    fi
    return 0
}

complete -F _oscmd oscmd
