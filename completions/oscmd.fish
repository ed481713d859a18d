# fish completion for oscmd.
# Generated from oscmd's command registry by `oscmd completion fish`: do not edit.
# Install it for your user:
#   oscmd completion fish > ~/.config/fish/completions/oscmd.fish
# Ids and Names come from the cache the interactive shell keeps, read by
# `oscmd __complete` (files only, no network).

function __oscmd_spec
    # One level: options "flags|arity|dest|repeatable|source|help", words "word|level|help",
    # positionals.
    set -g __oscmd_o
    set -g __oscmd_k
    set -g __oscmd_p ''
    set -g __oscmd_pr 0
    set -g __oscmd_s 0
    set -g __oscmd_rd ''
    switch $argv[1]
        case 'root'
            set __oscmd_o \
                '-c --config|1|config|0|file|boto-style INI file to read instead of the usual ones (default: $OSCONFIG)' \
                '-e --endpoint|1|endpoint|0||EC2 endpoint URL or host (a bare host means https)' \
                '-r --region|1|region|0|@region|region name' \
                '-z --zone|1|zone|0|live:zone|default availability zone' \
                '-L --listzone|0|listzone|0||list the availability zones of the region and exit' \
                '--profile|1|profile|0|live:profile|AWS profile (from ~/.aws/config)' \
                '--output -o|1|output|0|=text table json yaml|output format' \
                '-y --yes|0|yes|0||assume yes to confirmations of destructive verbs' \
                '--dry-run|0|dry_run|0||ask EC2 whether mutating requests would succeed; change nothing' \
                '-d --debug|0|debug|0||show tracebacks and the botocore wire log (secrets redacted)' \
                '--timeout|1|timeout|0||seconds a wait may last before giving up' \
                '--keep-going|0|keep_going|0||scripts: go on after a failing line' \
                '--local|0|local|0||start a built-in local EC2 endpoint with sample data and use it' \
                '-S --securitycredentials|1|securitycredentials|0||on an EC2 instance: use the credentials of this IAM role and the instance\'s region' \
                '--version|0|version|0||print the version and exit' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'ami|ami|machine images (AMIs)' \
                'instance|instance|EC2 instances (virtual machines)' \
                'volume|volume|EBS volumes' \
                'snapshot|snapshot|EBS snapshots (yours)' \
                'eip|eip|elastic IP addresses (the address is the identifier)' \
                'securitygroup|securitygroup|security groups' \
                'keypair|keypair|EC2 key pairs' \
                'help|help|help on a topic (\'oscmd help\' lists them: config, templates, user-data, shell...)' \
                'completion|completion|print the shell-completion script for bash, zsh or fish'
            set __oscmd_s 1
        case 'ami'
            set __oscmd_o \
                '-i --id|1|id|0|live:image:id|image id (ami-...)' \
                '-n --name|1|name|0|live:image:name|AMI name (the image\'s name attribute), exactly; only images of trusted owners: your own and [ami] owner\'s, or -o\'s' \
                '-s --self|0|self|0||the image of the instance this command runs on (instance metadata, IMDSv2)' \
                '-o --owner|1|owner|0||trust these owners\' images for -n instead of your own and [ami] owner\'s: account id, \'self\' or \'amazon\', comma-separated' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'run|ami/run|launch an instance from the image, with volumes, tags, user data and post-install' \
                'dump|ami/dump|show every detail of the image (all of them when none is identified)' \
                'list|ami/list|list images, one line each (see -p and -s)' \
                'exist|ami/exist|exit 0 when the image exists, 1 when it does not (prints nothing)' \
                'share|ami/share|grant launch permission to accounts' \
                'unshare|ami/unshare|revoke launch permission from accounts' \
                'make|ami/make|create an image from an instance (-i) or a volume (-v)' \
                'delete|ami/delete|deregister the image (-d: and delete its snapshots)'
        case 'ami/run'
            set __oscmd_o \
                '-n --name|1|name|0||instance name (Name tag); volumes are named NAME/sdX' \
                '-s --volume_size --volume-size|1|volume_size|1||extra volume SIZE[K|M|G|T][,type=gp3][,iops=N][,throughput=N][,encrypted][,delete_on_termination=BOOL]; binary units, GiB by default, at least 1 GiB; iops implies io1 and EBS optimisation; volumes outlive the instance unless delete_on_termination' \
                '-i --snap_id --snap-id|1|snap_id|1|live:snapshot:id|extra volume from this snapshot (id or Name)' \
                '-U --url|1|url_commands|1||https URL the instance fetches and processes' \
                '--allow-http-include|0|allow_http_include|0||accept plain http -U URLs (anyone on the path could change what runs as root)' \
                '-t --instance-type --instance_type|1|instance_type|0|@instance_type|instance type (t3.micro unless configured)' \
                '-p --placement|1|placement|0|live:zone|availability zone (default: root -z)' \
                '-S --security_groups --security-group|1|security_groups|1|live:group:name|security group name or id' \
                '-u --user|1|user|0||ssh user for the post-install and the hint (else guessed from the image name)' \
                '-k --key_name --key-name|1|key_name|0|live:keypair:name|EC2 key pair' \
                '-f --key_file --key-file|1|key_file|0|file|private key for the post-install (else ~/.ssh/KEYPAIR.pem)' \
                '-F --Fact --fact|2|local_facts|1||static Facter fact KEY VALUE' \
                '-H --hostname|1|hostname|0||hostname set at boot (also the Name when -n is absent)' \
                '-T --template|1|template|0|file|YAML template: option dest names (instance_type, security_groups...), ami_id or ami_name (and ami_owner), local_facts, tag:KEY, run_instances; the command line wins' \
                '-V --variable|1|variables|1||property NAME=VALUE for the instance\'s scripts' \
                '-r --ressource --resource|1|ressource|1|live:resource|embed this resource in the user data' \
                '-R --ressources_dir --resources-dir|1|ressources_dir|1|dir|extra resource directory, searched before the built-in one' \
                '-e --elastic_ip --elastic-ip|0|elastic_ip|0||allocate an elastic IP, associate it and record it in the EIP tag' \
                '-I --private_ip --private-ip|1|private_ip_address|0||fixed private IP (VPC)' \
                '-P --profile|1|instance_profile_arn|0||IAM instance profile ARN or name' \
                '-N --notrun|0|notrun|0||skip the post-install over ssh' \
                '--subnet-id --subnet_id|1|subnet_id|0||VPC subnet' \
                '-w --wait|0|wait|0||wait until running (default on a terminal, and with -e); the post-install needs it' \
                '--no-wait|0|no_wait|0||do not wait for running' \
                '--show-user-data|0|show_user_data|0||print the user data that would be sent; launch nothing' \
                '--host|1|host|0||post-install: connect to this host instead' \
                '--port|1|port|0||post-install: ssh port' \
                '-J --jump|1|jump|0||post-install: jump host [user@]host[:port]' \
                '--host-key-policy|1|host_key_policy|0|=strict accept-new off|post-install: unknown host keys' \
                '--upload-user-data|0|upload_user_data|0||post-install: upload the bundle instead of reading the metadata service' \
                '--root|1|root|0||post-install: run the decoder inside this directory of the instance' \
                '-h --help|0|help|0||show help'
            set __oscmd_rd ressources_dir
        case 'ami/dump'
            set __oscmd_o \
                '-o --owner|1|owner|0||owner account id, \'self\' or \'amazon\' (default: [ami] owner, else your own images)' \
                '-O --noowner|0|noowner|0||no owner filter (every image you can see: slow on AWS)' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:image:id'
            set __oscmd_pr 1
        case 'ami/list'
            set __oscmd_o \
                '-p --pattern|1|pattern|0||python %-format applied to each object\'s attributes, e.g. \'%(id)s %(state)s\'; \\t and \\n work' \
                '-s --showattributes|0|showattributes|0||print the attribute names usable in a pattern instead of listing' \
                '-o --owner|1|owner|0||owner account id, \'self\' or \'amazon\' (default: [ami] owner, else your own images)' \
                '-O --noowner|0|noowner|0||no owner filter (every image you can see: slow on AWS)' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:image:id'
            set __oscmd_pr 1
        case 'ami/exist'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'ami/share'
            set __oscmd_o \
                '-u --users|1|users|1||account id; given on the command line it replaces [ami] share_users instead of adding to it' \
                '-h --help|0|help|0||show help'
        case 'ami/unshare'
            set __oscmd_o \
                '-u --users|1|users|1||account id; given on the command line it replaces [ami] share_users instead of adding to it' \
                '-h --help|0|help|0||show help'
        case 'ami/make'
            set __oscmd_o \
                '-i --instance|1|instance|0|live:instance:id|instance id or Name' \
                '-v --volume|1|volume|0|live:volume:id|volume id or Name (snapshot, then register)' \
                '-n --name|1|name|0||image name' \
                '-d --description|1|description|0||image description' \
                '--no-reboot|0|no_reboot|0||do not reboot the instance before imaging' \
                '-a --architecture|1|architecture|0|=x86_64 arm64 i386|architecture of a volume image' \
                '-w --wait|0|wait|0||wait until the image is available' \
                '-s --share|0|share|0||share the new image with -A accounts' \
                '-A --shared_account --shared-account|1|shared_account|1||account to share with; given on the command line it replaces [ami] share_users' \
                '-h --help|0|help|0||show help'
        case 'ami/delete'
            set __oscmd_o \
                '-d --delete_snapshot --delete-snapshot|0|delete_snapshot|0||also delete the image\'s snapshots' \
                '-h --help|0|help|0||show help'
        case 'instance'
            set __oscmd_o \
                '-i --id|1|id|0|live:instance:id|instance id (i-...)' \
                '-n --name|1|name|0|live:instance:name|value of the Name tag' \
                '-s --self|0|self|0||the instance this command runs on (instance metadata, IMDSv2)' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'dump|instance/dump|show every detail of the instance (all of them when none is identified)' \
                'list|instance/list|list instances, one line each (see -p and -s)' \
                'exist|instance/exist|exit 0 when the instance exists, 1 when it does not (prints nothing)' \
                'start|instance/start|start the instance; re-associates the address recorded in its EIP tag' \
                'stop|instance/stop|stop the instance (-f: force, which is destructive)' \
                'reboot|instance/reboot|reboot the instance' \
                'terminate|instance/terminate|terminate the instance (-p: also its EIP and left-over volumes)' \
                'ssh|instance/ssh|open an ssh session, or run a command given after --' \
                'ping|instance/ping|ping the instance (ICMP, else a TCP probe of port 22)' \
                'console|instance/console|print the console output (-f: follow it)' \
                'associate|instance/associate|associate an elastic IP (-i, else the EIP tag) and record it in the EIP tag' \
                'attach|instance/attach|attach a volume (-i/-n identify the volume)' \
                'addvolume|instance/addvolume|create a volume, attach it, and optionally grow an LVM volume with it' \
                'summary|instance/summary|counts per state and type, vCPUs and memory of running instances' \
                'offering|instance/offering|instance types offered in the region or zone, with vCPUs and memory' \
                'getwinpass|instance/getwinpass|decrypt the Windows administrator password with the key file' \
                'getrole|instance/getrole|show the instance\'s IAM instance profile and role'
        case 'instance/dump'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:instance:id'
            set __oscmd_pr 1
        case 'instance/list'
            set __oscmd_o \
                '-p --pattern|1|pattern|0||python %-format applied to each object\'s attributes, e.g. \'%(id)s %(state)s\'; \\t and \\n work' \
                '-s --showattributes|0|showattributes|0||print the attribute names usable in a pattern instead of listing' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:instance:id'
            set __oscmd_pr 1
        case 'instance/exist'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'instance/start'
            set __oscmd_o \
                '-w --wait|0|wait|0||wait until the instance is running' \
                '-h --help|0|help|0||show help'
        case 'instance/stop'
            set __oscmd_o \
                '-f --forced --force|0|forced|0||force the stop (like pulling the plug)' \
                '-h --help|0|help|0||show help'
        case 'instance/reboot'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'instance/terminate'
            set __oscmd_o \
                '-p --purge|0|purge|0||also release the address of its EIP tag and delete its own volumes left behind' \
                '-h --help|0|help|0||show help'
        case 'instance/ssh'
            set __oscmd_o \
                '-u --user|1|user|0||ssh login user (default: [Credentials] user, else guessed from the image)' \
                '-f --key_file --key-file|1|key_file|0|file|private key file (default: [Credentials] key_file, else ~/.ssh/KEYPAIR.pem)' \
                '--private|0|private|0||connect to the private address' \
                '--host|1|host|0||connect to this host instead (a forwarded port, a VPN name)' \
                '--port|1|port|0||ssh port' \
                '-J --jump|1|jump|0||jump host [user@]host[:port]' \
                '--host-key-policy|1|host_key_policy|0|=strict accept-new off|what to do with unknown host keys' \
                '--connect-timeout|1|connect_timeout|0||seconds to wait for port 22' \
                '-h --help|0|help|0||show help'
        case 'instance/ping'
            set __oscmd_o \
                '-c --count|1|count|0||number of probes' \
                '--private|0|private|0||probe the private address' \
                '--host|1|host|0||probe this host instead (a forwarded port, a VPN name)' \
                '--port|1|port|0||port of the TCP probe' \
                '-h --help|0|help|0||show help'
        case 'instance/console'
            set __oscmd_o \
                '-f --follow|0|follow|0||keep printing new output until Ctrl-C' \
                '--interval|1|interval|0||seconds between polls with -f' \
                '--raw|0|raw|0||print control characters as received (escaped by default)' \
                '-h --help|0|help|0||show help'
        case 'instance/associate'
            set __oscmd_o \
                '-i --ip|1|ip|0|live:address:id|elastic IP to associate' \
                '-h --help|0|help|0||show help'
        case 'instance/attach'
            set __oscmd_o \
                '-i --id|1|volume_id|0|live:volume:id|volume id' \
                '-n --name|1|volume_name|0|live:volume:name|volume Name tag' \
                '-d --device|1|device|0||device name (default: next free from /dev/sdf)' \
                '-h --help|0|help|0||show help'
        case 'instance/addvolume'
            set __oscmd_o \
                '-n --name|1|name|0||volume name (tagged INSTANCE/NAME)' \
                '-s --size|1|size|0||size in GiB' \
                '-t --type|1|volume_type|0|@volume_type|volume type' \
                '-m --mount|1|mount|0||mount point of the LVM volume to extend' \
                '-d --deviceid|1|deviceid|0||blkid token (LABEL=... or UUID=...) of the LVM volume to extend' \
                '-u --user|1|user|0||ssh login user (default: [Credentials] user, else guessed from the image)' \
                '-f --key_file --key-file|1|key_file|0|file|private key file (default: [Credentials] key_file, else ~/.ssh/KEYPAIR.pem)' \
                '--private|0|private|0||connect to the private address' \
                '--host|1|host|0||connect to this host instead (a forwarded port, a VPN name)' \
                '--port|1|port|0||ssh port' \
                '-J --jump|1|jump|0||jump host [user@]host[:port]' \
                '--host-key-policy|1|host_key_policy|0|=strict accept-new off|what to do with unknown host keys' \
                '--connect-timeout|1|connect_timeout|0||seconds to wait for port 22' \
                '-h --help|0|help|0||show help'
        case 'instance/summary'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'instance/offering'
            set __oscmd_o \
                '-z --zone|1|zone|0|live:zone|only types offered in this zone' \
                '-f --family|1|family|0||only this family (e.g. t3, m7i)' \
                '-h --help|0|help|0||show help'
        case 'instance/getwinpass'
            set __oscmd_o \
                '-f --key_file --key-file|1|key_file|0|file|private key file (default: [Credentials] key_file, else ~/.ssh/KEYPAIR.pem)' \
                '-h --help|0|help|0||show help'
        case 'instance/getrole'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'volume'
            set __oscmd_o \
                '-i --id|1|id|0|live:volume:id|volume id (vol-...)' \
                '-n --name|1|name|0|live:volume:name|value of the Name tag' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'dump|volume/dump|show every detail of the volume (all of them when none is identified)' \
                'list|volume/list|list volumes, one line each (see -p and -s)' \
                'exist|volume/exist|exit 0 when the volume exists, 1 when it does not (prints nothing)' \
                'summary|volume/summary|number of volumes and their total size in GiB' \
                'create|volume/create|create a volume' \
                'attach|volume/attach|attach the volume to an instance (-i/-n identify the instance)' \
                'detach|volume/detach|detach the volume from its instance' \
                'delete|volume/delete|delete the volume'
        case 'volume/dump'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:volume:id'
            set __oscmd_pr 1
        case 'volume/list'
            set __oscmd_o \
                '-p --pattern|1|pattern|0||python %-format applied to each object\'s attributes, e.g. \'%(id)s %(state)s\'; \\t and \\n work' \
                '-s --showattributes|0|showattributes|0||print the attribute names usable in a pattern instead of listing' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:volume:id'
            set __oscmd_pr 1
        case 'volume/exist'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'volume/summary'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'volume/create'
            set __oscmd_o \
                '-s --size|1|size|0||size in GiB (not needed with --snapshot)' \
                '-z --zone|1|zone|0|live:zone|availability zone (default: root -z, else the region\'s first)' \
                '-n --name|1|name|0||Name tag' \
                '-t --type|1|volume_type|0|@volume_type|volume type (default: the cloud\'s own)' \
                '--iops|1|iops|0||provisioned IOPS (io1/io2/gp3)' \
                '--throughput|1|throughput|0||throughput in MiB/s (gp3)' \
                '--encrypted|0|encrypted|0||encrypt the volume' \
                '--snapshot|1|snapshot|0|live:snapshot:id|create from this snapshot' \
                '-w --wait|0|wait|0||wait until available' \
                '-h --help|0|help|0||show help'
        case 'volume/attach'
            set __oscmd_o \
                '-i --id|1|instance_id|0|live:instance:id|instance id' \
                '-n --name|1|instance_name|0|live:instance:name|instance Name tag' \
                '-d --device|1|device|0||device name (default: next free from /dev/sdf)' \
                '-w --wait|0|wait|0||wait until attached' \
                '-h --help|0|help|0||show help'
        case 'volume/detach'
            set __oscmd_o \
                '-f --forced --force|0|forced|0||force the detach' \
                '-w --wait|0|wait|0||wait until available' \
                '-h --help|0|help|0||show help'
        case 'volume/delete'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'snapshot'
            set __oscmd_o \
                '-i --id|1|id|0|live:snapshot:id|snapshot id (snap-...)' \
                '-n --name|1|name|0|live:snapshot:name|value of the Name tag' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'dump|snapshot/dump|show every detail of the snapshot (all of them when none is identified)' \
                'list|snapshot/list|list snapshots, one line each (see -p and -s)' \
                'exist|snapshot/exist|exit 0 when the snapshot exists, 1 when it does not (prints nothing)' \
                'summary|snapshot/summary|number of snapshots and their total size in GiB' \
                'create|snapshot/create|snapshot a volume' \
                'delete|snapshot/delete|delete the snapshot'
        case 'snapshot/dump'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:snapshot:id'
            set __oscmd_pr 1
        case 'snapshot/list'
            set __oscmd_o \
                '-p --pattern|1|pattern|0||python %-format applied to each object\'s attributes, e.g. \'%(id)s %(state)s\'; \\t and \\n work' \
                '-s --showattributes|0|showattributes|0||print the attribute names usable in a pattern instead of listing' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:snapshot:id'
            set __oscmd_pr 1
        case 'snapshot/exist'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'snapshot/summary'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'snapshot/create'
            set __oscmd_o \
                '-v --volume|1|volume|0|live:volume:id|volume id or Name tag' \
                '-n --name|1|name|0||Name tag of the snapshot' \
                '-d --description|1|description|0||description' \
                '-w --wait|0|wait|0||wait until completed' \
                '-h --help|0|help|0||show help'
        case 'snapshot/delete'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'eip'
            set __oscmd_o \
                '-i --id|1|id|0|live:address:id|the public IP (or its allocation id eipalloc-...)' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'dump|eip/dump|show every detail of the address (all of them when none is identified)' \
                'list|eip/list|list addresses, one line each (see -p and -s)' \
                'exist|eip/exist|exit 0 when the address exists, 1 when it does not (prints nothing)' \
                'summary|eip/summary|number of addresses reserved, and how many are unused' \
                'allocate|eip/allocate|allocate a new address (VPC domain) and print it' \
                'associate|eip/associate|associate the address with an instance (-i/-n identify the instance)' \
                'disassociate|eip/disassociate|disassociate the address from its instance' \
                'release|eip/release|release the address (disassociate it first)'
        case 'eip/dump'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:address:id'
            set __oscmd_pr 1
        case 'eip/list'
            set __oscmd_o \
                '-p --pattern|1|pattern|0||python %-format applied to each object\'s attributes, e.g. \'%(id)s %(state)s\'; \\t and \\n work' \
                '-s --showattributes|0|showattributes|0||print the attribute names usable in a pattern instead of listing' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:address:id'
            set __oscmd_pr 1
        case 'eip/exist'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'eip/summary'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'eip/allocate'
            set __oscmd_o \
                '-n --name|1|name|0||Name tag for the address' \
                '-h --help|0|help|0||show help'
        case 'eip/associate'
            set __oscmd_o \
                '-i --id|1|instance_id|0|live:instance:id|instance id' \
                '-n --name|1|instance_name|0|live:instance:name|instance Name tag' \
                '-h --help|0|help|0||show help'
        case 'eip/disassociate'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'eip/release'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'securitygroup'
            set __oscmd_o \
                '-i --id|1|id|0|live:group:id|group id (sg-...)' \
                '-n --name|1|name|0|live:group:name|group name' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'dump|securitygroup/dump|show every detail of the security group (all of them when none is identified)' \
                'list|securitygroup/list|list security groups, one line each (see -p and -s)' \
                'exist|securitygroup/exist|exit 0 when the security group exists, 1 when it does not (prints nothing)' \
                'create|securitygroup/create|create a security group' \
                'delete|securitygroup/delete|delete the security group' \
                'add_rule|securitygroup/add_rule|allow inbound traffic (one rule per protocol)' \
                'remove_rule|securitygroup/remove_rule|revoke inbound rules (same options as add_rule)'
        case 'securitygroup/dump'
            set __oscmd_o \
                '-u --used|0|used|0||only groups used by at least one instance' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:group:id'
            set __oscmd_pr 1
        case 'securitygroup/list'
            set __oscmd_o \
                '-p --pattern|1|pattern|0||python %-format applied to each object\'s attributes, e.g. \'%(id)s %(state)s\'; \\t and \\n work' \
                '-s --showattributes|0|showattributes|0||print the attribute names usable in a pattern instead of listing' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:group:id'
            set __oscmd_pr 1
        case 'securitygroup/exist'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'securitygroup/create'
            set __oscmd_o \
                '-n --name|1|name|0||group name' \
                '-d --description|1|description|0||description (default: the name)' \
                '--vpc-id|1|vpc_id|0||VPC (default: the default VPC)' \
                '-h --help|0|help|0||show help'
        case 'securitygroup/delete'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'securitygroup/add_rule'
            set __oscmd_o \
                '-p --protocol|1|protocol|1|@protocol|tcp, udp, icmp, icmpv6, all, or a protocol number' \
                '-P --port_range --port-range|1|port_range|0||FROM:TO, a single port, or ALL (icmp: TYPE:CODE, TYPE for every code, or ALL)' \
                '-f --from|1|from_port|0||first port (or ICMP type)' \
                '-t --to|1|to_port|0||last port (or ICMP code)' \
                '-m --mask|1|mask|1||source CIDR, IPv4 or IPv6' \
                '-s --source_group --source-group|1|source_group|0|live:group:id|source security group: id, name, or OWNERID:NAME' \
                '-d --description|1|description|0||rule description' \
                '-h --help|0|help|0||show help'
        case 'securitygroup/remove_rule'
            set __oscmd_o \
                '-p --protocol|1|protocol|1|@protocol|tcp, udp, icmp, icmpv6, all, or a protocol number' \
                '-P --port_range --port-range|1|port_range|0||FROM:TO, a single port, or ALL (icmp: TYPE:CODE, TYPE for every code, or ALL)' \
                '-f --from|1|from_port|0||first port (or ICMP type)' \
                '-t --to|1|to_port|0||last port (or ICMP code)' \
                '-m --mask|1|mask|1||source CIDR, IPv4 or IPv6' \
                '-s --source_group --source-group|1|source_group|0|live:group:id|source security group: id, name, or OWNERID:NAME' \
                '-h --help|0|help|0||show help'
        case 'keypair'
            set __oscmd_o \
                '-i --id|1|id|0|live:keypair:name|key name (or key pair id key-...)' \
                '-n --name|1|name|0|live:keypair:name|key name' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'dump|keypair/dump|show every detail of the key pair (all of them when none is identified)' \
                'list|keypair/list|list key pairs, one line each (see -p and -s)' \
                'exist|keypair/exist|exit 0 when the key pair exists, 1 when it does not (prints nothing)' \
                'create|keypair/create|create a key pair and save its private key as DIR/NAME.pem (0600)' \
                'import|keypair/import|import a public key file as a key pair' \
                'delete|keypair/delete|delete the key pair'
        case 'keypair/dump'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:keypair:id'
            set __oscmd_pr 1
        case 'keypair/list'
            set __oscmd_o \
                '-p --pattern|1|pattern|0||python %-format applied to each object\'s attributes, e.g. \'%(id)s %(state)s\'; \\t and \\n work' \
                '-s --showattributes|0|showattributes|0||print the attribute names usable in a pattern instead of listing' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:keypair:id'
            set __oscmd_pr 1
        case 'keypair/exist'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'keypair/create'
            set __oscmd_o \
                '-n --name|1|name|0||key name' \
                '-o --output-directory --output_directory|1|output_directory|0|dir|where to write NAME.pem' \
                '-t --type|1|key_type|0|=rsa ed25519|key type' \
                '-h --help|0|help|0||show help'
        case 'keypair/import'
            set __oscmd_o \
                '-n --name|1|name|0||key name' \
                '-f --file|1|file|0|file|public key file (OpenSSH format)' \
                '-h --help|0|help|0||show help'
        case 'keypair/delete'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'help'
            set __oscmd_k \
                'config|end|configuration files, environment variables and their precedence' \
                'templates|end|YAML templates for \'ami run -T\'' \
                'user-data|end|what \'ami run\' sends to a new instance and how oscmd-init handles it' \
                'resources|end|files embedded with \'ami run -r\', built-in ones included' \
                'scripts|end|running files of oscmd lines' \
                'shell|end|the interactive shell: keys, built-ins, $_, cache' \
                'exit-codes|end|what oscmd\'s exit status means' \
                'outscale|end|using oscmd with Outscale\'s EC2 API' \
                'completion|end|installing bash, zsh and fish completion' \
                'patterns|end|\'list -p\' patterns and object attributes' \
                'files|end|the files oscmd writes, their modes, and how they are protected' \
                'ami|help/ami|machine images (AMIs)' \
                'instance|help/instance|EC2 instances (virtual machines)' \
                'volume|help/volume|EBS volumes' \
                'snapshot|help/snapshot|EBS snapshots (yours)' \
                'eip|help/eip|elastic IP addresses (the address is the identifier)' \
                'securitygroup|help/securitygroup|security groups' \
                'keypair|help/keypair|EC2 key pairs'
        case 'help/ami'
            set __oscmd_k \
                'run|end|launch an instance from the image, with volumes, tags, user data and post-install' \
                'dump|end|show every detail of the image (all of them when none is identified)' \
                'list|end|list images, one line each (see -p and -s)' \
                'exist|end|exit 0 when the image exists, 1 when it does not (prints nothing)' \
                'share|end|grant launch permission to accounts' \
                'unshare|end|revoke launch permission from accounts' \
                'make|end|create an image from an instance (-i) or a volume (-v)' \
                'delete|end|deregister the image (-d: and delete its snapshots)'
        case 'help/instance'
            set __oscmd_k \
                'dump|end|show every detail of the instance (all of them when none is identified)' \
                'list|end|list instances, one line each (see -p and -s)' \
                'exist|end|exit 0 when the instance exists, 1 when it does not (prints nothing)' \
                'start|end|start the instance; re-associates the address recorded in its EIP tag' \
                'stop|end|stop the instance (-f: force, which is destructive)' \
                'reboot|end|reboot the instance' \
                'terminate|end|terminate the instance (-p: also its EIP and left-over volumes)' \
                'ssh|end|open an ssh session, or run a command given after --' \
                'ping|end|ping the instance (ICMP, else a TCP probe of port 22)' \
                'console|end|print the console output (-f: follow it)' \
                'associate|end|associate an elastic IP (-i, else the EIP tag) and record it in the EIP tag' \
                'attach|end|attach a volume (-i/-n identify the volume)' \
                'addvolume|end|create a volume, attach it, and optionally grow an LVM volume with it' \
                'summary|end|counts per state and type, vCPUs and memory of running instances' \
                'offering|end|instance types offered in the region or zone, with vCPUs and memory' \
                'getwinpass|end|decrypt the Windows administrator password with the key file' \
                'getrole|end|show the instance\'s IAM instance profile and role'
        case 'help/volume'
            set __oscmd_k \
                'dump|end|show every detail of the volume (all of them when none is identified)' \
                'list|end|list volumes, one line each (see -p and -s)' \
                'exist|end|exit 0 when the volume exists, 1 when it does not (prints nothing)' \
                'summary|end|number of volumes and their total size in GiB' \
                'create|end|create a volume' \
                'attach|end|attach the volume to an instance (-i/-n identify the instance)' \
                'detach|end|detach the volume from its instance' \
                'delete|end|delete the volume'
        case 'help/snapshot'
            set __oscmd_k \
                'dump|end|show every detail of the snapshot (all of them when none is identified)' \
                'list|end|list snapshots, one line each (see -p and -s)' \
                'exist|end|exit 0 when the snapshot exists, 1 when it does not (prints nothing)' \
                'summary|end|number of snapshots and their total size in GiB' \
                'create|end|snapshot a volume' \
                'delete|end|delete the snapshot'
        case 'help/eip'
            set __oscmd_k \
                'dump|end|show every detail of the address (all of them when none is identified)' \
                'list|end|list addresses, one line each (see -p and -s)' \
                'exist|end|exit 0 when the address exists, 1 when it does not (prints nothing)' \
                'summary|end|number of addresses reserved, and how many are unused' \
                'allocate|end|allocate a new address (VPC domain) and print it' \
                'associate|end|associate the address with an instance (-i/-n identify the instance)' \
                'disassociate|end|disassociate the address from its instance' \
                'release|end|release the address (disassociate it first)'
        case 'help/securitygroup'
            set __oscmd_k \
                'dump|end|show every detail of the security group (all of them when none is identified)' \
                'list|end|list security groups, one line each (see -p and -s)' \
                'exist|end|exit 0 when the security group exists, 1 when it does not (prints nothing)' \
                'create|end|create a security group' \
                'delete|end|delete the security group' \
                'add_rule|end|allow inbound traffic (one rule per protocol)' \
                'remove_rule|end|revoke inbound rules (same options as add_rule)'
        case 'help/keypair'
            set __oscmd_k \
                'dump|end|show every detail of the key pair (all of them when none is identified)' \
                'list|end|list key pairs, one line each (see -p and -s)' \
                'exist|end|exit 0 when the key pair exists, 1 when it does not (prints nothing)' \
                'create|end|create a key pair and save its private key as DIR/NAME.pem (0600)' \
                'import|end|import a public key file as a key pair' \
                'delete|end|delete the key pair'
        case 'completion'
            set __oscmd_k \
                'bash|end|print the bash completion script' \
                'zsh|end|print the zsh completion script' \
                'fish|end|print the fish completion script'
    end
end

function __oscmd_static
    switch $argv[1]
        case instance_type
            string split ' ' -- 't2.nano t2.micro t2.small t2.medium t2.large t2.xlarge t2.2xlarge t3.nano t3.micro t3.small t3.medium t3.large t3.xlarge t3.2xlarge t3a.nano t3a.micro t3a.small t3a.medium t3a.large t3a.xlarge t3a.2xlarge t4g.nano t4g.micro t4g.small t4g.medium t4g.large t4g.xlarge t4g.2xlarge m5.large m5.xlarge m5.2xlarge m5.4xlarge m5.8xlarge m5.12xlarge m5.16xlarge m5.24xlarge m5.metal m5a.large m5a.xlarge m5a.2xlarge m5a.4xlarge m5a.8xlarge m5a.12xlarge m5a.16xlarge m5a.24xlarge m5a.metal m6a.large m6a.xlarge m6a.2xlarge m6a.4xlarge m6a.8xlarge m6a.12xlarge m6a.16xlarge m6a.24xlarge m6a.metal m6g.large m6g.xlarge m6g.2xlarge m6g.4xlarge m6g.8xlarge m6g.12xlarge m6g.16xlarge m6g.24xlarge m6g.metal m6i.large m6i.xlarge m6i.2xlarge m6i.4xlarge m6i.8xlarge m6i.12xlarge m6i.16xlarge m6i.24xlarge m6i.metal c5.large c5.xlarge c5.2xlarge c5.4xlarge c5.8xlarge c5.12xlarge c5.16xlarge c5.24xlarge c5.metal c5a.large c5a.xlarge c5a.2xlarge c5a.4xlarge c5a.8xlarge c5a.12xlarge c5a.16xlarge c5a.24xlarge c5a.metal c6a.large c6a.xlarge c6a.2xlarge c6a.4xlarge c6a.8xlarge c6a.12xlarge c6a.16xlarge c6a.24xlarge c6a.metal c6g.large c6g.xlarge c6g.2xlarge c6g.4xlarge c6g.8xlarge c6g.12xlarge c6g.16xlarge c6g.24xlarge c6g.metal c6i.large c6i.xlarge c6i.2xlarge c6i.4xlarge c6i.8xlarge c6i.12xlarge c6i.16xlarge c6i.24xlarge c6i.metal r5.large r5.xlarge r5.2xlarge r5.4xlarge r5.8xlarge r5.12xlarge r5.16xlarge r5.24xlarge r5.metal r5a.large r5a.xlarge r5a.2xlarge r5a.4xlarge r5a.8xlarge r5a.12xlarge r5a.16xlarge r5a.24xlarge r5a.metal r6a.large r6a.xlarge r6a.2xlarge r6a.4xlarge r6a.8xlarge r6a.12xlarge r6a.16xlarge r6a.24xlarge r6a.metal r6g.large r6g.xlarge r6g.2xlarge r6g.4xlarge r6g.8xlarge r6g.12xlarge r6g.16xlarge r6g.24xlarge r6g.metal r6i.large r6i.xlarge r6i.2xlarge r6i.4xlarge r6i.8xlarge r6i.12xlarge r6i.16xlarge r6i.24xlarge r6i.metal m7a.medium m7a.large m7a.xlarge m7a.2xlarge m7a.4xlarge m7a.8xlarge m7a.12xlarge m7a.16xlarge m7a.24xlarge m7a.32xlarge m7a.48xlarge m7a.metal m7g.medium m7g.large m7g.xlarge m7g.2xlarge m7g.4xlarge m7g.8xlarge m7g.12xlarge m7g.16xlarge m7g.24xlarge m7g.32xlarge m7g.48xlarge m7g.metal m7i.medium m7i.large m7i.xlarge m7i.2xlarge m7i.4xlarge m7i.8xlarge m7i.12xlarge m7i.16xlarge m7i.24xlarge m7i.32xlarge m7i.48xlarge m7i.metal m7i-flex.medium m7i-flex.large m7i-flex.xlarge m7i-flex.2xlarge m7i-flex.4xlarge m7i-flex.8xlarge m7i-flex.12xlarge m7i-flex.16xlarge m7i-flex.24xlarge m7i-flex.32xlarge m7i-flex.48xlarge m7i-flex.metal c7a.medium c7a.large c7a.xlarge c7a.2xlarge c7a.4xlarge c7a.8xlarge c7a.12xlarge c7a.16xlarge c7a.24xlarge c7a.32xlarge c7a.48xlarge c7a.metal c7g.medium c7g.large c7g.xlarge c7g.2xlarge c7g.4xlarge c7g.8xlarge c7g.12xlarge c7g.16xlarge c7g.24xlarge c7g.32xlarge c7g.48xlarge c7g.metal c7gn.medium c7gn.large c7gn.xlarge c7gn.2xlarge c7gn.4xlarge c7gn.8xlarge c7gn.12xlarge c7gn.16xlarge c7gn.24xlarge c7gn.32xlarge c7gn.48xlarge c7gn.metal c7i.medium c7i.large c7i.xlarge c7i.2xlarge c7i.4xlarge c7i.8xlarge c7i.12xlarge c7i.16xlarge c7i.24xlarge c7i.32xlarge c7i.48xlarge c7i.metal r7a.medium r7a.large r7a.xlarge r7a.2xlarge r7a.4xlarge r7a.8xlarge r7a.12xlarge r7a.16xlarge r7a.24xlarge r7a.32xlarge r7a.48xlarge r7a.metal r7g.medium r7g.large r7g.xlarge r7g.2xlarge r7g.4xlarge r7g.8xlarge r7g.12xlarge r7g.16xlarge r7g.24xlarge r7g.32xlarge r7g.48xlarge r7g.metal r7i.medium r7i.large r7i.xlarge r7i.2xlarge r7i.4xlarge r7i.8xlarge r7i.12xlarge r7i.16xlarge r7i.24xlarge r7i.32xlarge r7i.48xlarge r7i.metal m8g.medium m8g.large m8g.xlarge m8g.2xlarge m8g.4xlarge m8g.8xlarge m8g.12xlarge m8g.16xlarge m8g.24xlarge m8g.32xlarge m8g.48xlarge m8g.metal c8g.medium c8g.large c8g.xlarge c8g.2xlarge c8g.4xlarge c8g.8xlarge c8g.12xlarge c8g.16xlarge c8g.24xlarge c8g.32xlarge c8g.48xlarge c8g.metal r8g.medium r8g.large r8g.xlarge r8g.2xlarge r8g.4xlarge r8g.8xlarge r8g.12xlarge r8g.16xlarge r8g.24xlarge r8g.32xlarge r8g.48xlarge r8g.metal x2idn.large x2idn.xlarge x2idn.2xlarge x2idn.4xlarge x2idn.8xlarge x2idn.12xlarge x2idn.16xlarge x2idn.24xlarge x2iedn.large x2iedn.xlarge x2iedn.2xlarge x2iedn.4xlarge x2iedn.8xlarge x2iedn.12xlarge x2iedn.16xlarge x2iedn.24xlarge i4i.large i4i.xlarge i4i.2xlarge i4i.4xlarge i4i.8xlarge i4i.12xlarge i4i.16xlarge i4i.24xlarge i3.large i3.xlarge i3.2xlarge i3.4xlarge i3.8xlarge i3.12xlarge i3.16xlarge i3.24xlarge d3.large d3.xlarge d3.2xlarge d3.4xlarge d3.8xlarge d3.12xlarge d3.16xlarge d3.24xlarge z1d.large z1d.xlarge z1d.2xlarge z1d.4xlarge z1d.8xlarge z1d.12xlarge z1d.16xlarge z1d.24xlarge g5.xlarge g5.2xlarge g5.4xlarge g5.8xlarge g5.12xlarge g5.16xlarge g5.24xlarge g5.48xlarge g6.xlarge g6.2xlarge g6.4xlarge g6.8xlarge g6.12xlarge g6.16xlarge g6.24xlarge g6.48xlarge p4d.xlarge p4d.2xlarge p4d.4xlarge p4d.8xlarge p4d.12xlarge p4d.16xlarge p4d.24xlarge p4d.48xlarge p5.xlarge p5.2xlarge p5.4xlarge p5.8xlarge p5.12xlarge p5.16xlarge p5.24xlarge p5.48xlarge inf2.xlarge inf2.2xlarge inf2.4xlarge inf2.8xlarge inf2.12xlarge inf2.16xlarge inf2.24xlarge inf2.48xlarge trn1.xlarge trn1.2xlarge trn1.4xlarge trn1.8xlarge trn1.12xlarge trn1.16xlarge trn1.24xlarge trn1.48xlarge tinav5.c1r1p1 tinav5.c1r1p2 tinav5.c1r1p3 tinav5.c1r2p1 tinav5.c1r2p2 tinav5.c1r2p3 tinav5.c2r2p1 tinav5.c2r2p2 tinav5.c2r2p3 tinav5.c2r4p1 tinav5.c2r4p2 tinav5.c2r4p3 tinav5.c2r8p1 tinav5.c2r8p2 tinav5.c2r8p3 tinav5.c4r4p1 tinav5.c4r4p2 tinav5.c4r4p3 tinav5.c4r8p1 tinav5.c4r8p2 tinav5.c4r8p3 tinav5.c4r16p1 tinav5.c4r16p2 tinav5.c4r16p3 tinav5.c8r16p1 tinav5.c8r16p2 tinav5.c8r16p3 tinav5.c8r32p1 tinav5.c8r32p2 tinav5.c8r32p3 tinav5.c16r32p1 tinav5.c16r32p2 tinav5.c16r32p3 tinav5.c16r64p1 tinav5.c16r64p2 tinav5.c16r64p3 tinav6.c1r1p1 tinav6.c1r1p2 tinav6.c1r1p3 tinav6.c1r2p1 tinav6.c1r2p2 tinav6.c1r2p3 tinav6.c2r2p1 tinav6.c2r2p2 tinav6.c2r2p3 tinav6.c2r4p1 tinav6.c2r4p2 tinav6.c2r4p3 tinav6.c2r8p1 tinav6.c2r8p2 tinav6.c2r8p3 tinav6.c4r4p1 tinav6.c4r4p2 tinav6.c4r4p3 tinav6.c4r8p1 tinav6.c4r8p2 tinav6.c4r8p3 tinav6.c4r16p1 tinav6.c4r16p2 tinav6.c4r16p3 tinav6.c8r16p1 tinav6.c8r16p2 tinav6.c8r16p3 tinav6.c8r32p1 tinav6.c8r32p2 tinav6.c8r32p3 tinav6.c16r32p1 tinav6.c16r32p2 tinav6.c16r32p3 tinav6.c16r64p1 tinav6.c16r64p2 tinav6.c16r64p3 tinav7.c1r1p1 tinav7.c1r1p2 tinav7.c1r1p3 tinav7.c1r2p1 tinav7.c1r2p2 tinav7.c1r2p3 tinav7.c2r2p1 tinav7.c2r2p2 tinav7.c2r2p3 tinav7.c2r4p1 tinav7.c2r4p2 tinav7.c2r4p3 tinav7.c2r8p1 tinav7.c2r8p2 tinav7.c2r8p3 tinav7.c4r4p1 tinav7.c4r4p2 tinav7.c4r4p3 tinav7.c4r8p1 tinav7.c4r8p2 tinav7.c4r8p3 tinav7.c4r16p1 tinav7.c4r16p2 tinav7.c4r16p3 tinav7.c8r16p1 tinav7.c8r16p2 tinav7.c8r16p3 tinav7.c8r32p1 tinav7.c8r32p2 tinav7.c8r32p3 tinav7.c16r32p1 tinav7.c16r32p2 tinav7.c16r32p3 tinav7.c16r64p1 tinav7.c16r64p2 tinav7.c16r64p3'
        case volume_type
            string split ' ' -- 'gp3 gp2 io1 io2 st1 sc1 standard'
        case protocol
            string split ' ' -- 'tcp udp icmp icmpv6 all'
        case region
            string split ' ' -- 'us-east-1 us-east-2 us-west-1 us-west-2 ca-central-1 ca-west-1 sa-east-1 mx-central-1 eu-west-1 eu-west-2 eu-west-3 eu-central-1 eu-central-2 eu-north-1 eu-south-1 eu-south-2 il-central-1 me-south-1 me-central-1 af-south-1 ap-east-1 ap-south-1 ap-south-2 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 ap-southeast-7 cloudgouv-eu-west-1'
        case shell
            string split ' ' -- 'bash zsh fish'
        case topic
            string split ' ' -- 'config templates user-data resources scripts shell exit-codes outscale completion patterns files'
    end
end

function __oscmd_find --argument-names flag
    # Find option $flag at the current level: sets __oscmd_f to flags arity dest rep src help.
    for e in $__oscmd_o
        set -l parts (string split -m 5 '|' -- $e)
        if contains -- $flag (string split ' ' -- $parts[1])
            set -g __oscmd_f $parts
            return 0
        end
    end
    return 1
end

function __oscmd_values --argument-names src cur pre
    switch $src
        case file
            __fish_complete_path $cur | string replace -r -- '^' $pre
        case dir
            __fish_complete_directories $cur | string replace -r -- '^' $pre
        case '=*'
            string split ' ' -- (string sub -s 2 -- $src) | string replace -r -- '^' $pre
        case '@*'
            __oscmd_static (string sub -s 2 -- $src) | string replace -r -- '^' $pre
        case 'live:*'
            set -l prog (commandline -opc)[1]
            string match -q -- '*/*' $prog; or set prog oscmd
            command $prog __complete (string sub -s 6 -- $src) "$cur" (count $__oscmd_conn) $__oscmd_conn \
                $__oscmd_dirs 2>/dev/null | string replace -r -- '^' $pre
    end
end

function __oscmd_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l n (count $words)
    set -l level root
    set -l given ' '
    set -l npos 0
    set -l dd 0
    set -l vsrc ''
    set -l invalue 0
    set -l i 1
    set -g __oscmd_conn
    set -g __oscmd_dirs
    __oscmd_spec root
    while test $i -lt $n
        set i (math $i + 1)
        set -l w $words[$i]
        if test $dd = 0; and string match -qr -- '^-.' $w
            if test $w = --
                set dd 1
                continue
            end
            __oscmd_find (string split -m 1 '=' -- $w)[1]; or continue
            set -l arity $__oscmd_f[2]
            set -l dest $__oscmd_f[3]
            set given "$given$dest "
            set -l conn 0
            if test $level = root; and contains -- $dest config endpoint region profile local
                set conn 1
                set -a __oscmd_conn $w
            end
            if string match -q -- '--*=*' $w
                set i (math $i + $arity - 1)
                continue
            end
            if test (math $i + $arity) -gt $n
                test $i -eq $n; and set vsrc $__oscmd_f[5]
                set invalue 1
                break
            end
            set -l j 0
            while test $j -lt $arity
                set j (math $j + 1)
                set -l v $words[(math $i + $j)]
                test $conn = 1; and set -a __oscmd_conn $v
                test -n "$__oscmd_rd"; and test $dest = "$__oscmd_rd"; and set -a __oscmd_dirs $v
            end
            set i (math $i + $arity)
        else if test (count $__oscmd_k) -gt 0
            set level end
            for e in $__oscmd_k
                set -l p (string split -m 2 '|' -- $e)
                if test "$p[1]" = "$w"
                    set level $p[2]
                    break
                end
            end
            __oscmd_spec $level
            set given ' '
            set dd 0
            set npos 0
        else
            set npos (math $npos + 1)
        end
    end
    if test $invalue = 1
        __oscmd_values "$vsrc" "$cur" ''
        return
    end
    if test $dd = 0; and string match -q -- '--*=*' $cur
        set -l parts (string split -m 1 '=' -- $cur)
        if __oscmd_find $parts[1]; and test $__oscmd_f[2] -gt 0
            __oscmd_values "$__oscmd_f[5]" "$parts[2]" "$parts[1]="
        end
        return
    end
    set -l want_options 0
    if test $dd = 0
        if string match -q -- '-*' $cur
            set want_options 1
        else if test (count $__oscmd_k) -eq 0; and test -z "$__oscmd_p"; and test (count $__oscmd_o) -gt 1
            set want_options 1
        end
    end
    if test $want_options = 1
        for e in $__oscmd_o
            set -l p (string split -m 5 '|' -- $e)
            if test $p[4] = 0; and string match -q -- "* $p[3] *" $given
                continue
            end
            for f in (string split ' ' -- $p[1])
                printf '%s\t%s\n' $f $p[6]
            end
        end
        return
    end
    if test (count $__oscmd_k) -gt 0
        for e in $__oscmd_k
            set -l p (string split -m 2 '|' -- $e)
            printf '%s\t%s\n' $p[1] $p[3]
        end
        if test $__oscmd_s = 1
            for f in $cur*.os
                printf '%s\toscmd script\n' $f
            end
        end
        return
    end
    if test -n "$__oscmd_p"; and begin; test $__oscmd_pr = 1; or test $npos = 0; end
        __oscmd_values "$__oscmd_p" "$cur" ''
    end
end

complete -c oscmd -e
complete -c oscmd -f -a '(__oscmd_complete)'
